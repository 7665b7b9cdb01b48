using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Risk;

namespace Sanitas.Tests.Anonymization.Configuration;

/// <summary>The <c>risk: attacks:</c> list of a configuration: what it accepts, and where it points when it does not.</summary>
public class RiskAttackSettingsTests
{
    private static readonly string AdultFolder = Path.GetDirectoryName(TestData.Adult("adult.csv"))!;

    private const string Head = "attributes:\n  age: { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }\n  sex: { role: quasi-identifier, hierarchy: adult_hierarchy_sex.csv }\n  occupation: sensitive\nprivacy: [ k-anonymity: { k: 2 } ]\nrisk:\n  maxAttackAdvantage: 0.1\n  attacks:\n";

    private static LoadedAnonymizationConfig Parse(string attacks) =>
        AnonymizationConfigLoader.Parse(new StringReader(Head + attacks), "test.yaml", AdultFolder);

    private static ConfigException Error(string attacks) => Assert.Throws<ConfigException>(() => Parse(attacks));

    [Fact]
    public void Both_attacks_are_read_with_their_keys_and_the_known_table_is_resolved_against_the_configuration()
    {
        var attacks = Parse("""
                - linkage
                - linkage: { name: voters, quasiIdentifiers: [age, sex], known: adult.csv, id: name, maxAdvantage: 0.05 }
                - inference: { sensitive: occupation }
            """).Risk!.Attacks;

        Assert.Equal(3, attacks.Count);
        Assert.Equal(("linkage", "linkage", null, null), (attacks[0].Kind, attacks[0].Name, attacks[0].QuasiIdentifiers, attacks[0].MaxAdvantage));
        Assert.Equal("voters", attacks[1].Name);
        Assert.Equal(["age", "sex"], attacks[1].QuasiIdentifiers!);
        Assert.Equal(Path.Combine(AdultFolder, "adult.csv"), attacks[1].Known);
        Assert.Equal("name", attacks[1].Id);
        Assert.Equal(0.05, attacks[1].MaxAdvantage);
        Assert.Equal(("inference", "inference", "occupation"), (attacks[2].Kind, attacks[2].Name, attacks[2].Sensitive));
    }

    [Fact]
    public void A_configuration_without_attacks_has_none()
    {
        var loaded = AnonymizationConfigLoader.Parse(new StringReader(Head.Replace("  attacks:\n", "", StringComparison.Ordinal)), "test.yaml", AdultFolder);
        Assert.Empty(loaded.Risk!.Attacks);
        Assert.Equal(0.1, loaded.Risk.Limits.MaxAttackAdvantage);
    }

    [Theory]
    [InlineData("    - linkge\n", 9, 7, "unknown attack 'linkge'; expected one of: linkage, inference.")]
    [InlineData("    - linkage: { qis: [age] }\n", 9, 18, "unknown key 'qis' in linkage; expected one of: name, quasiIdentifiers, known, id, maxAdvantage.")]
    [InlineData("    - inference: { quasiIdentifiers: [age] }\n", 9, 7, "an inference attack needs 'sensitive': the attribute the adversary infers.")]
    [InlineData("    - inference: { sensitive: age, quasiIdentifiers: [age, sex] }\n", 9, 31, "the sensitive attribute 'age' is also in 'quasiIdentifiers'; the adversary would already know it.")]
    [InlineData("    - linkage: { maxAdvantage: 2 }\n", 9, 32, "'maxAdvantage' must be between 0 and 1, got 2.")]
    [InlineData("    - linkage: { quasiIdentifiers: [] }\n", 9, 36, "'quasiIdentifiers' needs at least one column the adversary knows.")]
    [InlineData("    - linkage: { quasiIdentifiers: [age, age] }\n", 9, 36, "'quasiIdentifiers' lists 'age' twice.")]
    [InlineData("    - linkage\n    - linkage: { maxAdvantage: 0.1 }\n", 10, 7, "a second attack named 'linkage' (the first is on line 9); give each one its own 'name'.")]
    [InlineData("    - linkage: { known: no-such-file.csv }\n", 9, 25, "the adversary's table (known) was not found: ")]
    [InlineData("    linkage: {}\n", 9, 5, "'attacks' must be a list, got a mapping.")]
    public void A_bad_attack_entry_names_the_line_and_column(string attacks, int line, int column, string reason)
    {
        var e = Error(attacks);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.StartsWith(reason, e.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"test.yaml, line {line}, column {column}: ", e.Message, StringComparison.Ordinal);
    }
}
