using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization.Configuration;

/// <summary>The configuration keys <c>weight</c>, <c>minLevel</c> and <c>maxLevel</c> of a quasi-identifier.</summary>
public sealed class StewardControlsConfigTests
{
    private static readonly Table Table = new(
    [
        Column.FromValues("zip", ["47677", "47602", "47678", "47905", "47909", "47906"]),
        Column.FromValues("sex", ["F", "M", "F", "M", "F", "M"]),
    ]);

    private static LoadedAnonymizationConfig Parse(string yaml) => AnonymizationConfigLoaderTests.Parse(yaml);

    [Fact]
    public void Weight_and_levels_reach_the_configuration()
    {
        var config = Parse("""
            attributes:
              zip: { role: quasi-identifier, hierarchy: { masking: { } }, weight: 3, minLevel: 1, maxLevel: 4 }
              sex: { role: quasi-identifier, hierarchy: { masking: { } } }
            privacy:
              - k-anonymity: { k: 2 }
            """).Resolve(Table);
        var zip = config.Attributes["zip"];
        Assert.Equal((3d, 1, (int?)4), (zip.Weight, zip.MinLevel, zip.MaxLevel));
        var sex = config.Attributes["sex"];
        Assert.Equal((1d, 0, (int?)null), (sex.Weight, sex.MinLevel, sex.MaxLevel));
        var result = Anonymizer.Anonymize(Table, config);
        Assert.InRange(result.Levels[0], 1, 4);
    }

    [Theory]
    [InlineData("weight: 0", "'weight' must be a positive number", 2)]
    [InlineData("weight: -1", "'weight' must be a positive number", 2)]
    [InlineData("minLevel: -1", "'minLevel' must be 0 or more", 2)]
    [InlineData("minLevel: 2, maxLevel: 1", "'maxLevel' (1) must not be below 'minLevel' (2)", 2)]
    public void Bad_values_are_refused_at_their_line(string keys, string message, int line)
    {
        var e = Assert.Throws<ConfigException>(() => Parse($$"""
            attributes:
              zip: { role: quasi-identifier, hierarchy: { masking: { } }, {{keys}} }
            privacy:
              - k-anonymity: { k: 2 }
            """));
        Assert.Contains(message, e.Message);
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void A_level_above_the_hierarchy_is_refused_when_the_hierarchy_is_built()
    {
        var loaded = Parse("""
            attributes:
              sex: { role: quasi-identifier, hierarchy: { masking: { } }, maxLevel: 7 }
            privacy:
              - k-anonymity: { k: 2 }
            """);
        var e = Assert.Throws<ConfigException>(() => loaded.Resolve(Table));
        Assert.Contains("'sex' has maxLevel 7, but its hierarchy's levels are 0 to 1", e.Message);
    }

    [Fact]
    public void Weights_on_an_attribute_that_is_not_a_quasi_identifier_are_refused()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("""
            attributes:
              zip: { role: quasi-identifier, hierarchy: { masking: { } } }
              sex: { role: sensitive, weight: 2 }
            privacy:
              - k-anonymity: { k: 2 }
            """));
        Assert.Contains("'weight' applies only to quasi-identifiers; 'sex' is sensitive", e.Message);
    }
}
