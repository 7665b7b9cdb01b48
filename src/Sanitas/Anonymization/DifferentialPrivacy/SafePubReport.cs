using System.Text.Json;
using System.Text.Json.Nodes;
using Sanitas.Privacy;

namespace Sanitas.Anonymization;

/// <summary>
/// What <c>sanitas anonymize</c> reports after a SafePub release: the parameters, the chosen
/// transformation, the size of the release and the ledger charge. Every number is either declared
/// (settings, derived β and k) or part of the differentially private output itself.
/// </summary>
public sealed record SafePubReport
{
    /// <summary>The release.</summary>
    public required SafePubResult Result { get; init; }

    /// <summary>The input file.</summary>
    public required string Input { get; init; }

    /// <summary>The anonymized CSV written.</summary>
    public required string Output { get; init; }

    /// <summary>The JSON report written.</summary>
    public required string ReportPath { get; init; }

    /// <summary>The ledger entry charged, or <see langword="null"/> when no ledger was given.</summary>
    public LedgerEntry? Charge { get; init; }

    /// <summary>The report as indented JSON.</summary>
    public string ToJson()
    {
        var r = Result;
        var json = new JsonObject
        {
            ["algorithm"] = "SafePub (Bild, Kuhn & Prasser 2018)",
            ["input"] = Input,
            ["output"] = Output,
            ["epsilon"] = r.Settings.Epsilon,
            ["delta"] = r.Settings.Delta,
            ["epsilonAnonymization"] = r.Settings.EpsilonAnonymization,
            ["epsilonSearch"] = r.Settings.EpsilonSearch,
            ["steps"] = r.Settings.Steps,
            ["stepsTaken"] = r.StepsTaken,
            ["score"] = r.Settings.Score.ToString().ToLowerInvariant(),
            ["samplingProbability"] = r.Parameters.Beta,
            ["k"] = r.Parameters.K,
            ["deltaOfK"] = r.Parameters.AchievedDelta,
            ["transformation"] = new JsonObject(r.Transformation.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))),
            ["releasedRecords"] = r.Output.RowCount,
            ["equivalenceClasses"] = r.EquivalenceClasses,
            ["ledger"] = Charge is null ? null : new JsonObject
            {
                ["analyst"] = Charge.Analyst,
                ["dataset"] = Charge.Dataset,
                ["epsilon"] = Charge.Epsilon,
                ["delta"] = Charge.Delta,
            },
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
