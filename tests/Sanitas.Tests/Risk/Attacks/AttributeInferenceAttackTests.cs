using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Risk.Attacks;
using Sanitas.Tests.Anonymization;
using Xunit.Abstractions;

namespace Sanitas.Tests.Risk.Attacks;

public sealed class AttributeInferenceAttackTests(ITestOutputHelper output)
{
    // samples/adult/adult-ldiversity.yaml: occupation sensitive, the other eight attributes quasi-identifying.
    private static readonly string[] Qis = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass", "salary-class"];

    private static Dictionary<string, Hierarchy> Hierarchies() => Qis.ToDictionary(q => q, AnonymizerArxTests.AdultHierarchy);

    [Fact]
    public void On_adult_the_raw_release_gives_occupation_away_and_an_l_diverse_release_much_less()
    {
        var adult = AnonymizerArxTests.Adult;
        var attack = new AttributeInferenceAttack(Qis, "occupation", Hierarchies());

        var raw = attack.Run(adult, adult);

        var config = AnonymizerArxTests.AdultConfig(true,
            [new KAnonymity(5), new DistinctLDiversity("occupation", 3), new HierarchicalDistanceTCloseness("occupation", 0.2, AnonymizerArxTests.AdultHierarchy("occupation"))],
            0.04, UtilityMetric.NonUniformEntropy);
        var diverse = attack.Run(adult, Anonymizer.Anonymize(adult, config).Output);
        output.WriteLine($"raw {raw.Result.SuccessRate:0.000}, l-diverse {diverse.Result.SuccessRate:0.000}, majority {raw.MajorityRate:0.000} ({raw.MajorityValue}), random {raw.RandomGuessRate:0.000}");

        // The majority baseline counted independently: the most frequent occupation's share.
        var counts = Enumerable.Range(0, adult.RowCount).GroupBy(r => adult["occupation"][r]).Select(g => g.Count()).ToList();
        Assert.Equal((double)counts.Max() / adult.RowCount, raw.MajorityRate, 12);
        Assert.Equal(counts.Sum(c => (double)c * c) / ((double)adult.RowCount * adult.RowCount), raw.RandomGuessRate, 9);

        // Measured: raw 0.597, l-diverse 0.176, majority baseline 0.134 (Prof-specialty), random guess 0.105.
        Assert.True(raw.Result.SuccessRate >= 0.5, $"raw {raw.Result.SuccessRate}");
        Assert.True(diverse.Result.SuccessRate <= raw.Result.SuccessRate - 0.3, $"l-diverse {diverse.Result.SuccessRate}");
        Assert.True(diverse.Result.Advantage < raw.Result.Advantage);
    }

    [Fact]
    public void A_homogeneous_class_reveals_its_value_and_a_diverse_one_falls_back_to_its_majority()
    {
        var known = Table(("age", ["21", "25", "31", "35", "37"]), ("disease", ["flu", "flu", "cancer", "flu", "hiv"]));
        var released = Table(("age", ["2*", "2*", "3*", "3*", "3*"]), ("disease", ["flu", "flu", "cancer", "flu", "hiv"]));

        var result = new AttributeInferenceAttack(["age"], "disease").Run(known, released);

        // Class 2*: flu, flu -> flu, right twice. Class 3*: cancer, flu, hiv tie -> flu (overall majority), right once.
        Assert.Equal(3, result.Correct);
        Assert.Equal("flu", result.MajorityValue);
        Assert.Equal(0.6, result.MajorityRate, 12);
        Assert.Equal("inference", result.Result.Kind);
    }

    [Fact]
    public void A_sensitive_attribute_missing_from_the_release_is_named()
    {
        var known = Table(("age", ["21"]), ("disease", ["flu"]));
        var released = Table(("age", ["2*"]));
        var e = Assert.Throws<InvalidOptionException>(() => new AttributeInferenceAttack(["age"], "disease").Run(known, released));
        Assert.Contains("Column 'disease' is not in the released table", e.Message, StringComparison.Ordinal);
    }

    private static Table Table(params (string Name, string[] Values)[] columns) =>
        new(columns.Select(c => Column.FromValues(c.Name, c.Values)));
}
