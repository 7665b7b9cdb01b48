using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Risk.Attacks;
using Sanitas.Tests.Anonymization;

namespace Sanitas.Tests.Risk.Attacks;

public sealed class LinkageAttackTests
{
    // The adversary's knowledge in issue 4: a voter-list-like table with these attributes.
    private static readonly string[] AdversaryQis = ["age", "sex", "race", "marital-status", "native-country"];

    private static Dictionary<string, Hierarchy> AdultHierarchies() =>
        AdversaryQis.ToDictionary(name => name, AnonymizerArxTests.AdultHierarchy);

    [Fact]
    public void On_raw_adult_every_sample_unique_is_reidentified_and_nobody_else_for_certain()
    {
        var adult = AnonymizerArxTests.Adult;

        // Sample uniques counted independently: rows whose combination of the five values occurs once.
        var combinations = Enumerable.Range(0, adult.RowCount)
            .GroupBy(r => string.Join("|", AdversaryQis.Select(q => adult[q][r])))
            .ToList();
        var sampleUniques = combinations.Count(g => g.Count() == 1);
        Assert.True(sampleUniques > 1000, $"only {sampleUniques} sample uniques");

        var attack = new LinkageAttack(AdversaryQis, AdultHierarchies());
        var result = attack.Run(adult, adult, LinkageAttack.TruthByPosition(adult, adult));

        Assert.Equal(sampleUniques, result.UniqueMatches);
        // Each class of size f contributes f · 1/f: the expected links equal the number of classes.
        Assert.Equal(combinations.Count, result.ExpectedMatches, 6);
        Assert.Equal(1.0, result.HighestSuccess);
        Assert.Equal(0, result.NotReleased);
        Assert.Equal(0, result.Mismatched);
        Assert.Equal("linkage", result.Result.Kind);
        Assert.Equal(1.0 / adult.RowCount, result.Result.Baseline, 12);
        Assert.Equal((double)combinations.Count / adult.RowCount, result.Result.SuccessRate, 9);
        Assert.True(result.Result.Interval.Lower <= result.Result.SuccessRate && result.Result.SuccessRate <= result.Result.Interval.Upper);
        // 2,080 sample uniques and 3,426 combinations among 30,162 records (ARX's Adult extract).
        Assert.Equal(2080, sampleUniques);
        Assert.True(result.Result.Advantage > 0.1);
    }

    [Fact]
    public void After_five_anonymity_no_person_is_linked_with_probability_above_one_fifth()
    {
        var adult = AnonymizerArxTests.Adult;
        // ARX's standard Adult setup (samples/adult/adult-k5.yaml): 5-anonymity over all nine
        // attributes, 4% suppression, non-uniform entropy.
        var config = AnonymizerArxTests.AdultConfig(false, [new KAnonymity(5)], 0.04, UtilityMetric.NonUniformEntropy);
        var anonymized = Anonymizer.Anonymize(adult, config);

        var attack = new LinkageAttack(AdversaryQis, AdultHierarchies());
        var result = attack.Run(adult, anonymized.Output, LinkageAttack.TruthByPosition(adult, anonymized.Output));

        Assert.True(result.HighestSuccess <= 0.2, $"highest per-record success {result.HighestSuccess}");
        Assert.True(result.Result.SuccessRate <= 0.2);
        Assert.Equal(0, result.UniqueMatches);
        Assert.Equal(anonymized.SuppressedRecords, result.NotReleased);
        Assert.Equal(0, result.Mismatched);
        Assert.Equal(adult.RowCount, result.Result.Trials);
    }

    [Fact]
    public void Suppressed_records_are_no_candidates_and_their_persons_count_as_failures()
    {
        var known = Table(("name", ["ann", "bob", "cy"]), ("age", ["31", "45", "45"]), ("zip", ["1234", "5678", "5679"]));
        var released = Table(("age", ["[30-39]", "[40-49]", "*"]), ("zip", ["12**", "56**", "*"]));
        var attack = new LinkageAttack(["age", "zip"]);

        var result = attack.Run(known, released, LinkageAttack.TruthByPosition(known, released));

        // ann: only record 0 matches (the suppressed record 2 is no candidate); bob: only record 1; cy: suppressed.
        Assert.Equal(2, result.UniqueMatches);
        Assert.Equal(2.0, result.ExpectedMatches);
        Assert.Equal(1, result.NotReleased);
        Assert.Equal(2.0 / 3, result.Result.SuccessRate, 12);
    }

    [Fact]
    public void A_person_among_several_compatible_records_is_linked_with_probability_one_over_their_number()
    {
        var known = Table(("id", ["a", "b"]), ("age", ["31", "35"]));
        var released = Table(("id", ["b", "a", "x"]), ("age", ["30-39", "30-39", "30-39"]));

        var result = new LinkageAttack(["age"]).Run(known, released, LinkageAttack.TruthById(known, released, "id"));

        Assert.Equal(0, result.UniqueMatches);
        Assert.Equal(2.0 / 3, result.ExpectedMatches, 12);
        Assert.Equal(1.0 / 3, result.HighestSuccess, 12);
        Assert.Equal(1.0 / 3, result.Result.Baseline, 12);
    }

    [Fact]
    public void An_unknown_quasi_identifier_is_named_in_the_error()
    {
        var known = Table(("age", ["31"]));
        var released = Table(("age", ["31"]));
        var e = Assert.Throws<InvalidOptionException>(() => new LinkageAttack(["age", "zip"]).Run(known, released, [0]));
        Assert.Contains("Column 'zip' is not in the identified table", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[20-29]", "23", true)]
    [InlineData("[20-29]", "29", true)]
    [InlineData("20-29", "30", false)]
    [InlineData("[20, 30[", "30", false)]
    [InlineData("[20, 30[", "29.5", true)]
    [InlineData("[20;30)", "20", true)]
    [InlineData("<20", "19", true)]
    [InlineData(">=90", "89", false)]
    [InlineData("123**", "12345", true)]
    [InlineData("123**", "12445", false)]
    [InlineData("123**", "1234", false)]
    [InlineData("*", "anything", true)]
    [InlineData("Male", "Female", false)]
    public void Released_values_match_the_raw_values_they_could_generalize(string released, string raw, bool expected) =>
        Assert.Equal(expected, GeneralizedValueMatch.Matches(released, raw));

    [Fact]
    public void A_hierarchy_level_matches_its_original_values()
    {
        var hierarchy = AnonymizerArxTests.AdultHierarchy("native-country");
        Assert.True(GeneralizedValueMatch.Matches("North America", "United-States", hierarchy));
        Assert.False(GeneralizedValueMatch.Matches("Europe", "United-States", hierarchy));
    }

    private static Table Table(params (string Name, string[] Values)[] columns) =>
        new(columns.Select(c => Column.FromValues(c.Name, c.Values)));
}
