using Sanitas.Data;
using Sanitas.Risk;

namespace Sanitas.Tests.Risk;

public class EquivalenceClassesTests
{
    private static Table Sample() => new([
        Column.FromValues("age", ["30", "30", "40", "*", "40", "50"]),
        Column.FromValues("sex", ["m", "m", "f", "*", "f", "m"]),
        Column.FromValues("disease", ["a", "b", "c", "d", "e", "f"]),
    ]);

    [Fact]
    public void Records_with_every_quasi_identifier_suppressed_belong_to_no_class()
    {
        var classes = EquivalenceClasses.Build(Sample(), ["age", "sex"]);
        Assert.Equal(1, classes.SuppressedRecords);
        Assert.Equal(5, classes.Records);
        Assert.Equal(3, classes.Count);
        Assert.Equal([0, 0, 1, -1, 1, 2], classes.ClassOfRow.ToArray());
        Assert.Equal([new ClassSizeCount(1, 1), new ClassSizeCount(2, 2)], classes.Histogram);
        Assert.Equal(["40", "f"], classes.Key(1));
    }

    [Fact]
    public void Prosecutor_risk_counts_records_above_the_threshold()
    {
        var measures = RiskMeasures.Measure(Sample(), ["age", "sex"], new RiskOptions { Threshold = 0.5 });
        Assert.Equal(1, measures.Prosecutor.Highest);
        Assert.Equal(3d / 5, measures.Prosecutor.Average, 15);
        Assert.Equal(1d / 5, measures.Prosecutor.RecordsAtRisk, 15);
        Assert.Equal(1d / 5, measures.SampleUniques, 15);
        Assert.Equal([0.5, 0.5, 0.5, 0, 0.5, 1], measures.RecordRisks);
    }

    [Fact]
    public void Journalist_and_marketer_risks_take_class_sizes_from_the_population()
    {
        var population = new Table([
            Column.FromValues("age", ["30", "30", "30", "40", "40", "50", "50", "50", "50", "60"]),
            Column.FromValues("sex", ["m", "m", "m", "f", "f", "m", "m", "m", "m", "f"]),
        ]);
        var measures = RiskMeasures.Measure(Sample(), ["age", "sex"], new RiskOptions { Population = population, Threshold = 0.4 });
        // Classes (30,m)×2 of 3, (40,f)×2 of 2, (50,m)×1 of 4.
        Assert.Equal(0.5, measures.Journalist.Highest);
        Assert.Equal(((2d / 3) + (2d / 2) + (1d / 4)) / 5, measures.Journalist.Average, 15);
        Assert.Equal(2d / 5, measures.Journalist.RecordsAtRisk, 15);
        Assert.Equal(measures.Journalist.Average, measures.Marketer);
        Assert.True(measures.WithPopulation);
    }

    [Fact]
    public void A_population_that_does_not_match_is_refused_with_the_reason()
    {
        var missingColumn = new Table([Column.FromValues("age", Enumerable.Repeat("30", 10))]);
        var e = Assert.Throws<SanitasDataException>(() => RiskMeasures.Measure(Sample(), ["age", "sex"], new RiskOptions { Population = missingColumn, PopulationName = "pop.csv" }));
        Assert.Contains("'pop.csv' lacks the quasi-identifier 'sex'", e.Message, StringComparison.Ordinal);

        var small = new Table([Column.FromValues("age", ["30"]), Column.FromValues("sex", ["m"])]);
        e = Assert.Throws<SanitasDataException>(() => RiskMeasures.Measure(Sample(), ["age", "sex"], new RiskOptions { Population = small }));
        Assert.Contains("has 1 records, fewer than the sample's 6", e.Message, StringComparison.Ordinal);

        var lacking = new Table([
            Column.FromValues("age", ["30", "30", "40", "40", "60", "60"]),
            Column.FromValues("sex", ["m", "m", "f", "f", "f", "f"]),
        ]);
        e = Assert.Throws<SanitasDataException>(() => RiskMeasures.Measure(Sample(), ["age", "sex"], new RiskOptions { Population = lacking }));
        Assert.Contains("no record with age=50, sex=m", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_quasi_identifier_names_the_columns()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => RiskMeasures.Measure(Sample(), ["age", "zip"]));
        Assert.Contains("Unknown column 'zip'", e.Message, StringComparison.Ordinal);
    }
}
