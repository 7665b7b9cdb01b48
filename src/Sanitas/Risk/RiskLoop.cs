using System.Globalization;
using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Risk.Attacks;

namespace Sanitas.Risk;

/// <summary>
/// The closed loop "anonymize until it passes": anonymize with the configured settings, measure
/// the output's re-identification risk, and while it fails the thresholds, strengthen one setting
/// (taking the <c>escalate</c> list in turn) and anonymize again, up to <c>maxSteps</c> times.
/// Each escalation: <c>k</c> doubles (2-anonymity is added when no k-anonymity model is
/// configured); <c>l</c> grows by one for every l-diversity model (while the sensitive attribute has
/// that many values); <c>t</c> halves for every t-closeness model; <c>suppression</c> doubles the
/// suppression limit (at least to 0.02, at most 1). With <c>maxAttackAdvantage</c> set, every step
/// also runs Sweeney's linkage attack (<see cref="LinkageAttack"/>) with everyone's raw
/// quasi-identifiers against the output, and its advantage is checked. With a <c>risk: attacks:</c>
/// list, every step runs those attacks instead (the adversary holding every person's raw record of
/// the input), each checked as <c>maxAttackAdvantage:NAME</c>.
/// </summary>
public static class RiskLoop
{
    /// <summary>Runs the loop.</summary>
    /// <param name="table">The input.</param>
    /// <param name="config">The configured anonymization (step 0).</param>
    /// <param name="settings">The thresholds and the escalation.</param>
    /// <param name="progress">Receives search progress.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="AnonymizationException">The configured settings (step 0) have no solution or do not fit the table.</exception>
    public static RiskLoopResult Run(Table table, AnonymizationConfig config, RiskSettings settings, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        var qis = table.ColumnNames.Where(n => config.Attributes.TryGetValue(n, out var a) && a.Role == AttributeRole.QuasiIdentifying).ToArray();
        var thresholds = settings.Thresholds();
        var options = settings.MeasurementOptions();
        var steps = new List<RiskLoopStep>();
        AnonymizationResult? last = null;
        RiskReport? lastReport = null;
        var current = config;
        var lastConfig = config;
        string? change = null;
        var turn = 0;
        for (var step = 0; step <= settings.MaxSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AnonymizationResult result;
            try
            {
                result = Anonymizer.Anonymize(table, current, progress, cancellationToken);
            }
            catch (AnonymizationException e) when (e.IsNoSolution && step > 0)
            {
                steps.Add(new RiskLoopStep(step, change, Settings(current), new Dictionary<string, double>(), "no-solution", []));
                break;
            }
            var measures = RiskMeasures.Measure(result.Output, qis, options, cancellationToken);
            AttackResult[]? attacks = null;
            string[]? names = null;
            if (settings.Attacks.Count > 0)
            {
                var hierarchies = qis.Where(q => current.Attributes[q].Hierarchy is not null).ToDictionary(q => q, q => current.Attributes[q].Hierarchy!);
                attacks = [.. settings.Attacks.Select(a => RunConfigured(a, qis, hierarchies, table, result.Output, cancellationToken))];
                names = [.. settings.Attacks.Select(a => a.Name)];
            }
            else if (settings.Limits.MaxAttackAdvantage is not null)
            {
                // The adversary of Sweeney's linkage attack: everyone's raw quasi-identifiers, linked to the output.
                var hierarchies = qis.Where(q => current.Attributes[q].Hierarchy is not null).ToDictionary(q => q, q => current.Attributes[q].Hierarchy!);
                var linkage = new LinkageAttack(qis, hierarchies).Run(table, result.Output, LinkageAttack.TruthByPosition(table, result.Output), null, cancellationToken);
                attacks = [linkage.Result];
            }
            var report = RiskReport.Create(measures, thresholds, attacks, attackNames: names);
            var stepMeasures = Measures(measures, result);
            if (names is not null)
            {
                for (var a = 0; a < names.Length; a++)
                {
                    stepMeasures[$"advantage:{names[a]}"] = attacks![a].Advantage;
                }
            }
            else if (attacks is not null)
            {
                stepMeasures["linkageAdvantage"] = attacks[0].Advantage;
            }
            steps.Add(new RiskLoopStep(step, change, Settings(current), stepMeasures, report.Verdict, report.FailedChecks));
            last = result;
            lastConfig = current;
            lastReport = report;
            if (report.Passed || step == settings.MaxSteps)
            {
                break;
            }
            (current, change) = Escalate(table, current, settings.Escalate, ref turn);
            if (change is null)
            {
                break;
            }
        }
        return new RiskLoopResult(last!, lastConfig, lastReport!, steps);
    }

    // A configured attack in the loop: the adversary holds every person's raw record (the loop's
    // input, row i = person i), the strongest form of the attack's 'known' table.
    private static AttackResult RunConfigured(RiskAttackSettings attack, string[] qis, Dictionary<string, Hierarchy> hierarchies, Table raw, Table output, CancellationToken cancellationToken)
    {
        var known = attack.QuasiIdentifiers ?? [.. qis.Where(q => q != attack.Sensitive && q != attack.Id)];
        try
        {
            if (attack.Kind == LinkageAttack.Kind)
            {
                return new LinkageAttack(known, hierarchies).Run(raw, output, LinkageAttack.TruthByPosition(raw, output), null, cancellationToken).Result;
            }
            if (qis.Contains(attack.Sensitive!, StringComparer.Ordinal))
            {
                throw attack.Place.Error($"attack '{attack.Name}': the sensitive attribute '{attack.Sensitive}' is a quasi-identifier here, so the loop generalizes it and the attack, comparing values as written, would be understated; declare it role sensitive to run this attack in the loop.");
            }
            return new AttributeInferenceAttack(known, attack.Sensitive!, hierarchies).Run(raw, output, null, cancellationToken).Result;
        }
        catch (Exception e) when (e is InvalidOptionException or ArgumentException)
        {
            // The attack checks the configured columns against the tables.
            throw attack.Place.Error($"attack '{attack.Name}': {e.Message}", e);
        }
    }

    private static (AnonymizationConfig Config, string? Change) Escalate(Table table, AnonymizationConfig config, IReadOnlyList<string> order, ref int turn)
    {
        for (var tried = 0; tried < order.Count; tried++)
        {
            var what = order[turn % order.Count];
            turn++;
            var (next, change) = what switch
            {
                "k" or "l" or "t" => StrengthenModels(table, config, what),
                _ => StrengthenSuppression(config),
            };
            if (change is not null)
            {
                return (next, change);
            }
        }
        return (config, null);
    }

    /// <summary>Asks every model whose <see cref="PrivacyModel.StrengthParameter"/> is <paramref name="parameter"/> for its next stronger version.</summary>
    private static (AnonymizationConfig, string?) StrengthenModels(Table table, AnonymizationConfig config, string parameter)
    {
        if (parameter == "k" && !config.Models.Any(m => m.StrengthParameter == "k"))
        {
            return (config with { Models = [.. config.Models, new KAnonymity(2)] }, "k-anonymity added, k 2");
        }
        var changes = new List<string>();
        var models = config.Models.Select(m =>
        {
            if (m.StrengthParameter != parameter || m.Strengthen(table) is not { } next)
            {
                return m;
            }
            changes.Add(parameter switch
            {
                "k" => I($"k {m.Strength} → {next.Strength}"),
                "l" => I($"l of {m.SensitiveAttribute} +1"),
                _ => I($"t of {m.SensitiveAttribute} halved"),
            });
            return next;
        }).ToArray();
        return changes.Count == 0 ? (config, null) : (config with { Models = models }, string.Join(", ", changes));
    }

    private static (AnonymizationConfig, string?) StrengthenSuppression(AnonymizationConfig config)
    {
        var next = Math.Min(1, Math.Max(0.02, config.SuppressionLimit * 2));
        return next <= config.SuppressionLimit
            ? (config, null)
            : (config with { SuppressionLimit = next }, I($"suppression limit {config.SuppressionLimit:0.###} → {next:0.###}"));
    }

    private static Dictionary<string, double> Settings(AnonymizationConfig config)
    {
        var settings = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var model in config.Models)
        {
            if (model is { StrengthParameter: { } parameter, Strength: { } strength })
            {
                settings[parameter] = strength;
            }
        }
        settings["suppressionLimit"] = config.SuppressionLimit;
        return settings;
    }

    private static Dictionary<string, double> Measures(RiskMeasures measures, AnonymizationResult result) => new(StringComparer.Ordinal)
    {
        ["prosecutorHighest"] = measures.Prosecutor.Highest,
        ["prosecutorAverage"] = measures.Prosecutor.Average,
        ["recordsAtRisk"] = measures.Prosecutor.RecordsAtRisk,
        ["sampleUniques"] = measures.SampleUniques,
        ["populationUniques"] = measures.PopulationUniques.Value,
        ["suppressedRecords"] = result.SuppressedRecords,
    };

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
