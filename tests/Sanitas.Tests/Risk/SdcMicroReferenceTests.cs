using Sanitas.Data;
using Sanitas.Risk;

namespace Sanitas.Tests.Risk;

/// <summary>
/// sdcMicro's individual risk and SUDA2 must agree with sdcMicro's own tests
/// (sdcTools/sdcMicro, tests/testthat/test_indivRisk.R and test_suda2.R).
/// </summary>
public class SdcMicroReferenceTests
{
    // test_indivRisk.R, "without missing", weighted: keys A, B, C and sampling weights.
    private static readonly int[][] Keys =
    [
        [2, 3, 1], [3, 3, 3], [2, 3, 1], [2, 3, 2], [3, 3, 1], [3, 3, 1], [1, 4, 1], [2, 3, 1],
    ];

    private static readonly double[] Weights = [18.0, 45.5, 39.0, 17.0, 92.0, 8.0, 123.5, 51];

    private static (int[] Fk, double[] WeightedFk) FreqCalc()
    {
        var keys = Keys.Select(k => string.Join(",", k)).ToArray();
        var f = keys.Select(k => keys.Count(x => x == k)).ToArray();
        var w = keys.Select(k => keys.Select((x, i) => x == k ? Weights[i] : 0).Sum()).ToArray();
        return (f, w);
    }

    [Fact]
    public void Individual_risk_approx_matches_sdcmicro()
    {
        var (f, w) = FreqCalc();
        var risk = IndividualRisk.Compute(f, w);
        double[] expected = [0.01369863, 0.08579129, 0.01369863, 0.17707583, 0.01877883, 0.01877883, 0.03931625, 0.01369863];
        Assert.Equal(expected.Length, risk.Risks.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], risk.Risks[i], 5e-8); // printed to 8 decimals
        }
        Assert.Equal(expected.Sum(), risk.ExpectedReidentifications, 4e-7);
        Assert.Equal(expected.Average(), risk.Mean, 5e-8);
    }

    [Fact]
    public void Individual_risk_exact_matches_sdcmicro()
    {
        var (f, w) = FreqCalc();
        var risk = IndividualRisk.Compute(f, w, exact: true);
        double[] expected = [0.01355297, 0.08579129, 0.01355297, 0.17707583, 0.01877883, 0.01877883, 0.03931625, 0.01355297];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], risk.Risks[i], 5e-8); // printed to 8 decimals
        }
    }

    [Fact]
    public void Individual_risk_of_a_census_is_one_over_the_class_size()
    {
        // indivRisk: where f_k = F_k the risk is 1/f_k (sdcMicro's "survey = FALSE" values).
        var table = new Table(new[] { "A", "B", "C" }.Select((name, j) => Column.FromValues(name, Keys.Select(k => k[j].ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        var classes = EquivalenceClasses.Build(table, ["A", "B", "C"]);
        var risk = IndividualRisk.Compute(classes, samplingFraction: 1.0);
        double[] expected = [1d / 3, 1, 1d / 3, 1, 0.5, 0.5, 1, 1d / 3];
        Assert.Equal(expected, risk.Risks);
    }

    private static EquivalenceClasses Classes(params (string Name, string[] Values)[] columns)
    {
        var table = new Table(columns.Select(c => Column.FromValues(c.Name, c.Values)));
        return EquivalenceClasses.Build(table, columns.Select(c => c.Name).ToArray());
    }

    [Fact]
    public void Suda_scores_of_the_sdc_guideline_example()
    {
        // test_suda2.R, "suda2 sdc guideline": scores 0,0,6,0,12,0,6,10,0,0.
        var classes = Classes(
            ("Residence", ["Urban", "Urban", "Urban", "Urban", "Rural", "Urban", "Urban", "Urban", "Urban", "Urban"]),
            ("Gender", ["Female", "Female", "Female", "Male", "Female", "Male", "Female", "Male", "Female", "Female"]),
            ("Education", ["Secondary incomplete", "Secondary incomplete", "Primary incomplete", "Secondary complete", "Secondary complete", "Secondary complete", "Primary complete", "Post-secondary", "Secondary incomplete", "Secondary incomplete"]),
            ("Labor", ["Employed", "Employed", "Non-LF", "Employed", "Unemployed", "Employed", "Non-LF", "Unemployed", "Non-LF", "Non-LF"]));
        var suda = SpecialUniques.Compute(classes, 0.01);
        Assert.Equal([0d, 0, 6, 0, 12, 0, 6, 10, 0, 0], suda.Scores);
        Assert.Equal(4, suda.RecordsWithMsu);
    }

    [Fact]
    public void Suda_scores_of_the_book_example()
    {
        // test_suda2.R, "suda2 book example": scores of records 5 to 8 are 4, 2, 6, 8.
        var classes = Classes(
            ("age", ["20s", "20s", "20s", "20s", "20s", "20s", "20s", "60s"]),
            ("gender", ["male", "male", "male", "male", "female", "female", "female", "male"]),
            ("income", ["50k+", "50k+", "50k-", "50k-", "50k-", "50k-", "50k-", "50k-"]),
            ("education", ["highschool", "highschool", "highschool", "highschool", "university", "highschool", "middleschool", "university"]));
        var suda = SpecialUniques.Compute(classes, 0.01);
        Assert.Equal([4d, 2, 6, 8], suda.Scores.Skip(4));
    }

    [Fact]
    public void Suda_attribute_contributions_match_sdcmicro()
    {
        // test_suda2.R, "suda2 simple example contribution": a=(2,1,1), b=(0,3,0), c=(0,6,0) → 50, 37.5, 37.5.
        var classes = Classes(("a", ["2", "1", "1"]), ("b", ["0", "3", "0"]), ("c", ["0", "6", "0"]));
        var suda = SpecialUniques.Compute(classes, 0.01);
        Assert.Equal(50, suda.AttributeContributions["a"]);
        Assert.Equal(37.5, suda.AttributeContributions["b"]);
        Assert.Equal(37.5, suda.AttributeContributions["c"]);
        // MSUs {a} of record 1, {b} and {c} of record 2; {a,b} and {a,c} of record 3.
        Assert.Equal([3L, 2, 0], suda.MsusBySize);
    }

    [Fact]
    public void Dis_scores_follow_sdcmicro_s_formula()
    {
        // sdcMicro Suda2.h: Dis = U·f / (U·f + P·(1−f)), Q = 1 + (8−M)/20,
        // dis_r = 1 / (1 + (U/Dis − U) / (score_r^Q · Σ score^−Q)); 0 for records without an MSU.
        var classes = Classes(("a", ["2", "1", "1", "5", "5"]), ("b", ["0", "3", "0", "7", "7"]), ("c", ["0", "6", "0", "8", "8"]));
        var suda = SpecialUniques.Compute(classes, 0.1);
        double u = 3, p = 2, f = 0.1, m = 3;
        var dis = u * f / ((u * f) + (p * (1 - f)));
        var q = 1 + ((8 - m) / 20);
        var adjust = suda.Scores.Where(s => s > 0).Sum(s => 1 / Math.Pow(s, q));
        for (var r = 0; r < 5; r++)
        {
            var expected = suda.Scores[r] == 0 ? 0 : 1 / (1 + (((u / dis) - u) / (Math.Pow(suda.Scores[r], q) * adjust)));
            Assert.Equal(expected, suda.DisScores[r], 12);
        }
        Assert.Equal(0, suda.DisScores[3]);
        Assert.True(suda.DisScores[1] > suda.DisScores[0]);
    }
}
