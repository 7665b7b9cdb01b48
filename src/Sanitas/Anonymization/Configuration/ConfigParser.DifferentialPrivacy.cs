using YamlDotNet.RepresentationModel;

namespace Sanitas.Anonymization;

/// <summary>The <c>differential-privacy</c> entry of <c>privacy:</c> (SafePub).</summary>
internal sealed partial class ConfigParser
{
    private static readonly Dictionary<string, SafePubScore> SafePubScores = new()
    {
        ["granularity"] = SafePubScore.Granularity,
        ["discernibility"] = SafePubScore.Discernibility,
    };

    private DifferentialPrivacySettings ParseDifferentialPrivacy(YamlScalarNode keyNode, Dictionary<string, YamlNode> values)
    {
        var place = _yaml.Place(keyNode);
        YamlNode Required(string parameter) =>
            values.GetValueOrDefault(parameter) ?? throw place.Error($"differential-privacy needs the parameter '{parameter}'.");
        var settings = new DifferentialPrivacySettings(_yaml.Double(Required("epsilon"), "epsilon"), _yaml.Double(Required("delta"), "delta"));
        if (values.TryGetValue("steps", out var steps))
        {
            settings = settings with { Steps = _yaml.Int(steps, "steps") };
        }
        if (values.TryGetValue("searchShare", out var share))
        {
            settings = settings with { SearchShare = _yaml.Double(share, "searchShare") };
        }
        if (values.TryGetValue("score", out var score))
        {
            settings = settings with { Score = _yaml.Choice(score, "score", SafePubScores, "SafePub score") };
        }
        try
        {
            settings.Validate();
            SafePubParameters.Derive(settings.EpsilonAnonymization, settings.Delta);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOptionException)
        {
            throw place.Error("differential-privacy: " + e.Message, e);
        }
        return settings;
    }
}
