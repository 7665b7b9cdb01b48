using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sanitas.Risk.Attacks;

namespace Sanitas.Risk;

/// <summary>
/// The re-identification risk of one dataset judged against the data owner's thresholds: every
/// measure, the simulated attacks, each check and the verdict. Serialized as indented camelCase
/// JSON (<see cref="ToJson"/>) and as a self-contained HTML page (<see cref="ToHtml"/>).
/// </summary>
public sealed record RiskReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The assessed file, when known.</summary>
    public string? Input { get; init; }

    /// <summary>The quasi-identifiers.</summary>
    public required IReadOnlyList<string> QuasiIdentifiers { get; init; }

    /// <summary>All records.</summary>
    public required int Records { get; init; }

    /// <summary>Records whose quasi-identifiers are all suppressed (left out of the measures).</summary>
    public required int SuppressedRecords { get; init; }

    /// <summary>Equivalence classes.</summary>
    public required int EquivalenceClasses { get; init; }

    /// <summary>The per-record risk above which a record counts as at risk.</summary>
    public required double Threshold { get; init; }

    /// <summary>The sample's share of the population.</summary>
    public required double SamplingFraction { get; init; }

    /// <summary>Prosecutor risk (average = ARX's prosecutor success rate).</summary>
    public required ReidentificationRisk Prosecutor { get; init; }

    /// <summary>Journalist risk (with the population's class sizes when one was given).</summary>
    public required ReidentificationRisk Journalist { get; init; }

    /// <summary>Whether a population table was used.</summary>
    public required bool WithPopulation { get; init; }

    /// <summary>Marketer risk.</summary>
    public required double Marketer { get; init; }

    /// <summary>The fraction of records unique in the sample.</summary>
    public required double SampleUniques { get; init; }

    /// <summary>The estimated fraction of population uniques.</summary>
    public required PopulationUniquesSummary PopulationUniques { get; init; }

    /// <summary>sdcMicro's individual risk.</summary>
    public required IndividualRiskSummary IndividualRisk { get; init; }

    /// <summary>sdcMicro's global risk.</summary>
    public required GlobalRiskSummary GlobalRisk { get; init; }

    /// <summary>SUDA special uniques, when computed.</summary>
    public SudaSummary? Suda { get; init; }

    /// <summary>The distribution of per-record prosecutor risk in 20 bins of width 0.05.</summary>
    public required IReadOnlyList<RiskHistogramBin> RiskDistribution { get; init; }

    /// <summary>The simulated attacks (may be empty).</summary>
    public required IReadOnlyList<AttackResult> Attacks { get; init; }

    /// <summary>The configured attacks' names, one per entry of <see cref="Attacks"/> (absent when the attacks are unnamed).</summary>
    public IReadOnlyList<string>? AttackNames { get; init; }

    /// <summary>
    /// Each attack's own figures, one entry per entry of <see cref="Attacks"/>, under the names
    /// <c>sanitas attack --report</c> writes as <c>details</c> (linkage: <c>uniqueMatches</c>,
    /// <c>expectedMatches</c>, <c>highestSuccess</c>, <c>notReleased</c>, <c>mismatched</c>;
    /// inference: <c>correct</c>, <c>noCandidates</c>, <c>majorityRate</c>, <c>randomGuessRate</c>).
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>>? AttackDetails { get; init; }

    /// <summary>The limits the data was judged against.</summary>
    public required RiskThresholds Thresholds { get; init; }

    /// <summary>Every check of a set limit.</summary>
    public required IReadOnlyList<RiskCheck> Checks { get; init; }

    /// <summary>The names of the checks that failed.</summary>
    public IReadOnlyList<string> FailedChecks => Checks.Where(c => !c.Passed).Select(c => c.Name).ToArray();

    /// <summary><c>pass</c> when every check passed, else <c>fail</c>.</summary>
    public string Verdict => Checks.All(c => c.Passed) ? "pass" : "fail";

    /// <summary>Whether every check passed.</summary>
    [JsonIgnore]
    public bool Passed => Checks.All(c => c.Passed);

    /// <summary>Judges <paramref name="measures"/> (and <paramref name="attacks"/>) against <paramref name="thresholds"/>.</summary>
    /// <param name="measures">The measured risk.</param>
    /// <param name="thresholds">The limits.</param>
    /// <param name="attacks">The simulated attacks, if any.</param>
    /// <param name="input">The assessed file, if any.</param>
    /// <param name="attackNames">
    /// The attacks' names, one per attack: each attack is then checked on its own against
    /// <see cref="RiskThresholds.AttackLimit"/>, as <c>maxAttackAdvantage:NAME</c>. Without names,
    /// the largest advantage is checked against <see cref="RiskThresholds.MaxAttackAdvantage"/> as
    /// <c>maxAttackAdvantage</c>.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="attackNames"/> does not have one name per attack.</exception>
    public static RiskReport Create(RiskMeasures measures, RiskThresholds thresholds, IReadOnlyList<AttackResult>? attacks = null, string? input = null, IReadOnlyList<string>? attackNames = null)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(thresholds);
        attacks ??= [];
        if (attackNames is not null && attackNames.Count != attacks.Count)
        {
            throw new ArgumentException($"{attackNames.Count} attack names for {attacks.Count} attacks.", nameof(attackNames));
        }
        var checks = new List<RiskCheck>();
        void Check(string name, double? limit, double value)
        {
            if (limit is { } l)
            {
                checks.Add(new RiskCheck(name, value, l, value <= l));
            }
        }
        Check("maxHighestProsecutor", thresholds.MaxHighestProsecutor, measures.Prosecutor.Highest);
        Check("maxAverageProsecutor", thresholds.MaxAverageProsecutor, measures.Prosecutor.Average);
        Check("maxRecordsAtRisk", thresholds.MaxRecordsAtRisk, measures.Prosecutor.RecordsAtRisk);
        Check("maxPopulationUniques", thresholds.MaxPopulationUniques, measures.PopulationUniques.Value);
        if (attackNames is not null)
        {
            for (var i = 0; i < attacks.Count; i++)
            {
                Check(AttackCheckName(attackNames[i]), thresholds.AttackLimit(attackNames[i]), attacks[i].Advantage);
            }
        }
        else if (attacks.Count > 0)
        {
            Check("maxAttackAdvantage", thresholds.MaxAttackAdvantage, attacks.Max(a => a.Advantage));
        }
        var bins = new int[20];
        for (var r = 0; r < measures.RecordRisks.Count; r++)
        {
            if (measures.RecordRisks[r] > 0)
            {
                bins[Math.Min(19, (int)(measures.RecordRisks[r] * 20))]++;
            }
        }
        var suda = measures.Suda;
        var p = measures.PopulationUniques;
        return new RiskReport
        {
            Input = input,
            QuasiIdentifiers = measures.QuasiIdentifiers,
            Records = measures.Records,
            SuppressedRecords = measures.SuppressedRecords,
            EquivalenceClasses = measures.EquivalenceClasses,
            Threshold = measures.Prosecutor.Threshold,
            SamplingFraction = measures.SamplingFraction,
            Prosecutor = measures.Prosecutor,
            Journalist = measures.Journalist,
            WithPopulation = measures.WithPopulation,
            Marketer = measures.Marketer,
            SampleUniques = measures.SampleUniques,
            PopulationUniques = new PopulationUniquesSummary(p.Model.ToString().ToLowerInvariant(), p.Value, p.PopulationSize, p.Zayatz, p.Pitman, p.Snb),
            IndividualRisk = new IndividualRiskSummary(measures.IndividualRisk.Exact ? "benedetti-franconi-exact" : "benedetti-franconi-approx", measures.IndividualRisk.Max, measures.IndividualRisk.Mean),
            GlobalRisk = new GlobalRiskSummary(measures.IndividualRisk.Mean, measures.IndividualRisk.ExpectedReidentifications),
            Suda = suda is null ? null : new SudaSummary(suda.MaxSize, suda.RecordsWithMsu, suda.MsusBySize,
                suda.Scores.Count == 0 ? 0 : suda.Scores.Max(), suda.Scores.Count == 0 ? 0 : suda.Scores.Average(),
                suda.DisScores.Count == 0 ? 0 : suda.DisScores.Max(), suda.DisScores.Count == 0 ? 0 : suda.DisScores.Average(), suda.AttributeContributions),
            RiskDistribution = bins.Select((n, i) => new RiskHistogramBin(i / 20d, (i + 1) / 20d, n)).ToArray(),
            Attacks = attacks,
            AttackNames = attackNames,
            Thresholds = thresholds,
            Checks = checks,
        };
    }

    /// <summary>The name of a named attack's check: <c>maxAttackAdvantage:NAME</c>.</summary>
    public static string AttackCheckName(string attackName) => $"maxAttackAdvantage:{attackName}";

    /// <summary>The report as indented camelCase JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The report as a self-contained HTML page (inline CSS and SVG, no external assets).</summary>
    public string ToHtml() => RiskReportHtml.Render(this);

    /// <summary>Writes text to a file via a temporary file in the same folder, so the file is complete or untouched.</summary>
    public static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await Sanitas.Data.AtomicFile.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
    }
}
