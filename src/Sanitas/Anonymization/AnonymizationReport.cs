using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sanitas.Anonymization.SetValued;
using Sanitas.Risk;
using Sanitas.Workflows;

namespace Sanitas.Anonymization;

/// <summary>
/// The machine-readable account of one anonymization: the chosen transformation, what it
/// suppressed and lost, how the search went, and under which privacy models. Serialized as
/// indented camelCase JSON (<see cref="ToJson"/>, <see cref="Write"/>).
/// </summary>
public sealed record AnonymizationReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The input file, when known.</summary>
    public string? Input { get; init; }

    /// <summary>The output file, when known.</summary>
    public string? Output { get; init; }

    /// <summary>The report file itself, when written by <see cref="FileAnonymizer"/>.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The number of records (rows) in the input and in the output.</summary>
    public required int Records { get; init; }

    /// <summary>The privacy models the output satisfies, such as <c>5-anonymity</c>.</summary>
    public required IReadOnlyList<string> PrivacyModels { get; init; }

    /// <summary>The largest share of records that could be suppressed.</summary>
    public required double SuppressionLimit { get; init; }

    /// <summary>The generalization level of each quasi-identifier, in column order.</summary>
    public required IReadOnlyDictionary<string, int> Transformation { get; init; }

    /// <summary>The highest level of each quasi-identifier's hierarchy, in column order.</summary>
    public required IReadOnlyDictionary<string, int> MaxLevels { get; init; }

    /// <summary>Records whose quasi-identifiers were suppressed.</summary>
    public required int SuppressedRecords { get; init; }

    /// <summary>The loss under the metric the search minimized.</summary>
    public required AnonymizationReportLoss InformationLoss { get; init; }

    /// <summary>Each quasi-identifier's level, weight and own loss (absolute and as a percentage of its maximum).</summary>
    public IReadOnlyList<AttributeLoss>? Attributes { get; init; }

    /// <summary>What the steward should look at before releasing the output; empty when nothing stands out.</summary>
    public IReadOnlyList<AnonymizationWarning>? Warnings { get; init; }

    /// <summary>Released equivalence classes.</summary>
    public required int EquivalenceClasses { get; init; }

    /// <summary>The size of the smallest released class.</summary>
    public required int SmallestClass { get; init; }

    /// <summary>Lattice nodes checked against the data.</summary>
    public required int NodesChecked { get; init; }

    /// <summary>Nodes in the generalization lattice.</summary>
    public required long LatticeSize { get; init; }

    /// <summary>Whether the transformation is optimal for the metric (the search covered the lattice).</summary>
    public required bool Optimal { get; init; }

    /// <summary>The search that ran: <c>optimal</c>, <c>heuristic</c> or <c>lightning</c> (what <c>search: auto</c> chose).</summary>
    public string Search { get; init; } = "optimal";

    /// <summary>Time spent preparing and searching, in milliseconds.</summary>
    public required long ElapsedMilliseconds { get; init; }

    /// <summary>Every utility metric of the result, by configuration name.</summary>
    public required IReadOnlyDictionary<string, double> Utility { get; init; }

    /// <summary>With a <c>risk:</c> section: every step of the closed loop, the last one deciding; otherwise <see langword="null"/>.</summary>
    public IReadOnlyList<RiskLoopStep>? RiskLoop { get; init; }

    /// <summary>The <c>set-valued:</c> column's k^m-anonymization, or <see langword="null"/> when the configuration has none.</summary>
    public SetValuedReport? SetValued { get; init; }

    /// <summary>Builds the report of <paramref name="result"/>, obtained with <paramref name="config"/>.</summary>
    /// <param name="result">The anonymization result.</param>
    /// <param name="config">The configuration it was obtained with.</param>
    /// <param name="input">The input file, if any.</param>
    /// <param name="output">The output file, if any.</param>
    public static AnonymizationReport Create(AnonymizationResult result, AnonymizationConfig config, string? input = null, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(config);
        var transformation = new OrderedDictionary<string, int>(StringComparer.Ordinal);
        var maxLevels = new OrderedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < result.Transformation.Count; i++)
        {
            transformation.Add(result.Transformation[i].Key, result.Transformation[i].Value);
            maxLevels.Add(result.Transformation[i].Key, result.MaxLevels[i]);
        }
        var utility = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in Enum.GetValues<UtilityMetric>())
        {
            var name = Anonymizer.MetricName(metric);
            if (result.Utility.TryGetValue(name, out var value))
            {
                utility.Add(name, value);
            }
        }
        return new AnonymizationReport
        {
            Input = input,
            Output = output,
            Records = result.Output.RowCount,
            PrivacyModels = config.Models.Select(Describe).ToArray(),
            SuppressionLimit = config.SuppressionLimit,
            Transformation = transformation,
            MaxLevels = maxLevels,
            SuppressedRecords = result.SuppressedRecords,
            InformationLoss = new AnonymizationReportLoss(Anonymizer.MetricName(result.Metric), result.InformationLoss, result.MaximumInformationLoss, result.InformationLossPercent),
            Attributes = result.Attributes,
            Warnings = result.Warnings,
            EquivalenceClasses = result.EquivalenceClasses,
            SmallestClass = result.SmallestClass,
            NodesChecked = result.NodesChecked,
            LatticeSize = result.LatticeSize,
            Optimal = result.IsOptimal,
            Search = result.SearchUsed.ToString().ToLowerInvariant(),
            ElapsedMilliseconds = (long)result.Elapsed.TotalMilliseconds,
            Utility = utility,
        };
    }

    /// <summary>A short, human-readable name of a privacy model, as listed in <see cref="PrivacyModels"/>.</summary>
    public static string Describe(PrivacyModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = CultureInfo.InvariantCulture;
        return model switch
        {
            KAnonymity k => string.Create(c, $"{k.K}-anonymity"),
            DistinctLDiversity d => string.Create(c, $"distinct {d.L}-diversity of {d.Attribute}"),
            EntropyLDiversity e => string.Create(c, $"entropy {e.L}-diversity of {e.Attribute} ({e.Estimator.ToString().ToLowerInvariant()})"),
            RecursiveCLDiversity r => string.Create(c, $"recursive ({r.C},{r.L})-diversity of {r.Attribute}"),
            EqualDistanceTCloseness t => string.Create(c, $"{t.T}-closeness of {t.Attribute} (equal distance)"),
            HierarchicalDistanceTCloseness t => string.Create(c, $"{t.T}-closeness of {t.Attribute} (hierarchical distance)"),
            OrderedDistanceTCloseness t => string.Create(c, $"{t.T}-closeness of {t.Attribute} (ordered distance)"),
            _ => model.Name,
        };
    }

    /// <summary>The report as indented camelCase JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a report from its JSON form.</summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static AnonymizationReport FromJson(string json) =>
        JsonSerializer.Deserialize<AnonymizationReport>(json, Json) ?? throw new JsonException("The JSON holds no report.");

    /// <summary>Writes the report to a file via a temporary file in the same folder, so the file is either complete or untouched.</summary>
    /// <param name="path">The file path.</param>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Sanitas.Data.AtomicFile.WriteAllText(path, ToJson() + "\n");
    }

    /// <summary>Writes the report to a file asynchronously via a temporary file in the same folder.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">Cancels the write; the target is then left as it was.</param>
    public async Task WriteAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await Sanitas.Data.AtomicFile.WriteAllTextAsync(path, ToJson() + "\n", cancellationToken).ConfigureAwait(false);
    }
}
