using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Risk;
using Sanitas.Tests.Anonymization;

namespace Sanitas.Tests.Risk;

/// <summary>
/// The risk measures must equal ARX's. Expected values are those asserted by ARX's own test suite
/// (arx-deidentifier/arx, src/test/org/deidentifier/arx/test/TestRiskMetrics.java: testAverageRisk,
/// testAverageRisk2, testHighestIndividualRisk, testHighestIndividualRisk2, testDecisionRule2) on the
/// same adult.csv with every attribute a quasi-identifier (ARX loads all nine hierarchies). ARX
/// compares population uniqueness "with four significant digits" (⌊value·10⁴⌋); so do these tests.
/// </summary>
public class RiskMeasuresArxTests
{
    private static readonly Lazy<RiskMeasures> Raw = new(() => RiskMeasures.Measure(AnonymizerArxTests.Adult, AdultQis, new RiskOptions { Suda = false }));

    private static string[] AdultQis => [.. AnonymizerArxTests.Adult.ColumnNames];

    private static int FourDigits(double value) => (int)(value * 10000d);

    [Fact]
    public void Average_prosecutor_risk_of_raw_adult_is_arx_s()
    {
        // TestRiskMetrics.testAverageRisk2: 0.6465751607983555 before anonymization.
        Assert.Equal(0.6465751607983555d, Raw.Value.Prosecutor.Average);
        Assert.Equal(30162, Raw.Value.Records);
        Assert.Equal(19502, Raw.Value.EquivalenceClasses);
    }

    [Fact]
    public void Highest_prosecutor_risk_of_raw_adult_is_one()
    {
        // TestRiskMetrics.testHighestIndividualRisk2: 1.0 before anonymization.
        Assert.Equal(1.0d, Raw.Value.Prosecutor.Highest);
    }

    [Fact]
    public void Without_a_population_journalist_equals_prosecutor_and_marketer_is_classes_over_records()
    {
        var raw = Raw.Value;
        Assert.Equal(raw.Prosecutor, raw.Journalist);
        Assert.Equal(19502d / 30162, raw.Marketer, 15);
        Assert.Equal(15512d / 30162, raw.SampleUniques, 15);
    }

    [Theory]
    // TestRiskMetrics.testDecisionRule2 (sampling fraction → ARX's asserted Dankar estimate).
    [InlineData(0.1, 0.27684993883653597, PopulationUniquenessModel.Pitman)]
    [InlineData(0.2, 0.3577099234829125, PopulationUniquenessModel.Zayatz)]
    [InlineData(0.01, 0.1446083531167384, PopulationUniquenessModel.Pitman)]
    [InlineData(1.0, 0.5142895033485844, PopulationUniquenessModel.Snb)]
    public void Population_uniqueness_by_dankar_s_rule_is_arx_s(double fraction, double expected, PopulationUniquenessModel model)
    {
        var classes = EquivalenceClasses.Build(AnonymizerArxTests.Adult, AdultQis);
        var estimate = PopulationUniqueness.Estimate(classes, fraction);
        Assert.Equal(FourDigits(expected), FourDigits(estimate.Value));
        Assert.Equal(model, estimate.Model);
        // ARX also asserts: never above the sample uniqueness, and equal to it for the whole population.
        var sampleUniques = (double)classes.ClassesOfSize(1) / classes.Records;
        Assert.True(FourDigits(estimate.Value) <= FourDigits(sampleUniques));
        if (fraction == 1.0)
        {
            Assert.Equal(FourDigits(sampleUniques), FourDigits(estimate.Value));
        }
    }

    [Fact]
    public void Zayatz_estimate_at_a_tenth_is_arx_s_fallback_value()
    {
        // testDecisionRule2 accepts 0.3207402393466189 when ARX's Pitman solver falls back to Zayatz at 0.1.
        var classes = EquivalenceClasses.Build(AnonymizerArxTests.Adult, AdultQis);
        var estimate = PopulationUniqueness.Estimate(classes, 0.2);
        var models = new UniquenessModels(classes.Histogram, classes.Records, (long)Math.Round(classes.Records / 0.1), default);
        Assert.Equal(FourDigits(0.3207402393466189), FourDigits(models.Zayatz() / 301620));
        Assert.NotNull(estimate.Zayatz);
    }

    [Fact]
    public void Arx_example_data_before_anonymization()
    {
        // TestRiskMetrics.testAverageRisk / testHighestIndividualRisk on ARX's DataProvider data
        // (test.csv: 7 records, age, gender, zipcode): 1.0 and 1.0 before anonymization.
        var before = RiskMeasures.Measure(SmallData.Test, [.. SmallData.Test.ColumnNames]);
        Assert.Equal(1.0d, before.Prosecutor.Average);
        Assert.Equal(1.0d, before.Prosecutor.Highest);
    }

    [Fact]
    public void Arx_example_data_after_2_anonymity()
    {
        // TestRiskMetrics.testAverageRisk / testHighestIndividualRisk: after 2-anonymity without
        // suppression (Loss metric, RANK aggregate) average 0.42857142857142855 and highest 0.5.
        // The hierarchies are DataProvider's own (narrower than test_hierarchy_*.csv, so the Loss differs).
        EngineQuasiIdentifier[] qis =
        [
            new("age", Hierarchy.FromRows([["34", "<50", "*"], ["45", "<50", "*"], ["66", ">=50", "*"], ["70", ">=50", "*"]])),
            new("gender", Hierarchy.FromRows([["male", "*"], ["female", "*"]])),
            new("zipcode", Hierarchy.FromRows([
                ["81667", "8166*", "816**", "81***", "8****", "*****"],
                ["81675", "8167*", "816**", "81***", "8****", "*****"],
                ["81925", "8192*", "819**", "81***", "8****", "*****"],
                ["81931", "8193*", "819**", "81***", "8****", "*****"]])),
        ];
        var output = ArxRankTransformation.Anonymize(SmallData.Test, qis, 2);
        var after = RiskMeasures.Measure(output, [.. SmallData.Test.ColumnNames]);
        Assert.Equal(0.42857142857142855d, after.Prosecutor.Average);
        Assert.Equal(0.5d, after.Prosecutor.Highest);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Adult_after_arx_s_2_anonymous_transformation()
    {
        // TestRiskMetrics.testAverageRisk2 / testHighestIndividualRisk2: after 2-anonymity without
        // suppression (Loss metric, RANK aggregate) average 0.001922949406538028 and highest 0.5.
        var qis = AdultQis.Select(q => new EngineQuasiIdentifier(q, AnonymizerArxTests.AdultHierarchy(q))).ToArray();
        var output = ArxRankTransformation.Anonymize(AnonymizerArxTests.Adult, qis, 2);
        var after = RiskMeasures.Measure(output, AdultQis, new RiskOptions { Suda = false });
        Assert.Equal(0.001922949406538028d, after.Prosecutor.Average);
        Assert.Equal(0.5d, after.Prosecutor.Highest);
    }

    [Fact]
    public void After_arx_s_5_anonymous_transformation_no_record_is_above_one_fifth()
    {
        // samples/adult/adult-k5.yaml is ARX's TestAnonymizationKAnonymity case (5-anonymity, 4% suppression):
        // the suppressed records are left out as ARX's RiskModelHistogram does, so the highest risk is
        // 1/smallest released class and the average is #released classes / #released records.
        var loaded = AnonymizationConfigLoader.Load(TestData.Adult("adult-k5.yaml"));
        var config = loaded.Resolve(AnonymizerArxTests.Adult);
        var result = Anonymizer.Anonymize(AnonymizerArxTests.Adult, config);
        var after = RiskMeasures.Measure(result.Output, AdultQis, new RiskOptions { Threshold = 0.2 });

        Assert.Equal(result.SuppressedRecords, after.SuppressedRecords);
        Assert.Equal(result.EquivalenceClasses, after.EquivalenceClasses);
        Assert.Equal(1d / result.SmallestClass, after.Prosecutor.Highest);
        Assert.True(after.Prosecutor.Highest <= 0.2);
        Assert.Equal(1d / ((30162d - result.SuppressedRecords) / result.EquivalenceClasses), after.Prosecutor.Average);
        Assert.Equal(0, after.Prosecutor.RecordsAtRisk);
        Assert.Equal(0, after.SampleUniques);
        Assert.Equal(PopulationUniquenessModel.None, after.PopulationUniques.Model);
        Assert.Equal(0, after.PopulationUniques.Value);
        Assert.Equal(0, after.Suda!.RecordsWithMsu);
    }
}
