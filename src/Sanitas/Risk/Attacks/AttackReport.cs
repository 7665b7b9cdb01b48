using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// An attack's result as indented camelCase JSON: the <see cref="AttackResult"/> fields
/// (<c>kind</c>, <c>description</c>, <c>trials</c>, <c>successes</c>, <c>successRate</c>,
/// <c>interval</c> {<c>lower</c>, <c>upper</c>, <c>level</c>}, <c>baseline</c>, <c>advantage</c>)
/// and the attack's own figures under <c>details</c> (e.g. <c>uniqueMatches</c>, <c>tprAtOnePermille</c>).
/// </summary>
/// <param name="Result">The attack's result.</param>
/// <param name="Details">Attack-specific figures by camelCase name.</param>
public sealed record AttackReport(AttackResult Result, IReadOnlyDictionary<string, double> Details)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The report of a linkage attack.</summary>
    public static AttackReport Of(LinkageAttackResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Result, new Dictionary<string, double>
        {
            ["persons"] = r.Persons,
            ["uniqueMatches"] = r.UniqueMatches,
            ["expectedMatches"] = r.ExpectedMatches,
            ["highestSuccess"] = r.HighestSuccess,
            ["notReleased"] = r.NotReleased,
            ["mismatched"] = r.Mismatched,
        });
    }

    /// <summary>The report of an attribute-inference attack.</summary>
    public static AttackReport Of(AttributeInferenceResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Result, new Dictionary<string, double>
        {
            ["targets"] = r.Targets,
            ["correct"] = r.Correct,
            ["noCandidates"] = r.NoCandidates,
            ["majorityRate"] = r.MajorityRate,
            ["randomGuessRate"] = r.RandomGuessRate,
        });
    }

    /// <summary>The report of a membership-inference attack.</summary>
    public static AttackReport Of(MembershipInferenceResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Result, new Dictionary<string, double>
        {
            ["members"] = r.Members,
            ["nonMembers"] = r.NonMembers,
            ["auc"] = r.Auc,
            ["tprAtOnePermille"] = r.TprAtOnePermille,
            ["tprAtOnePermilleLower"] = r.TprAtOnePermilleInterval.Lower,
            ["tprAtOnePermilleUpper"] = r.TprAtOnePermilleInterval.Upper,
            ["tprAtOnePercent"] = r.TprAtOnePercent,
            ["tprAtOnePercentLower"] = r.TprAtOnePercentInterval.Lower,
            ["tprAtOnePercentUpper"] = r.TprAtOnePercentInterval.Upper,
        });
    }

    /// <summary>The report of a time-series linkage attack.</summary>
    public static AttackReport Of(TimeSeriesLinkageResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Result, new Dictionary<string, double>
        {
            ["targets"] = r.Targets,
            ["correct"] = r.Correct,
            ["dtwComputed"] = r.DtwComputed,
            ["pairs"] = r.Pairs,
            ["pruned"] = r.Pruned,
        });
    }

    /// <summary>The JSON text.</summary>
    public string ToJson()
    {
        var details = new JsonObject();
        foreach (var (name, value) in Details)
        {
            details[name] = value;
        }
        var json = new JsonObject
        {
            ["kind"] = Result.Kind,
            ["description"] = Result.Description,
            ["trials"] = Result.Trials,
            ["successes"] = Result.Successes,
            ["successRate"] = Result.SuccessRate,
            ["interval"] = new JsonObject
            {
                ["lower"] = Result.Interval.Lower,
                ["upper"] = Result.Interval.Upper,
                ["level"] = Result.Interval.Level,
            },
            ["baseline"] = Result.Baseline,
            ["advantage"] = Result.Advantage,
            ["details"] = details,
        };
        return json.ToJsonString(Indented);
    }

    /// <summary>Writes the JSON to <paramref name="path"/>: first under a temporary name beside it, then moved into place.</summary>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Sanitas.Data.AtomicFile.WriteAllText(path, ToJson());
    }
}
