using System.Numerics;
using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Anonymization;

/// <summary>
/// SafePub (Bild, Kuhn &amp; Prasser, "SafePub: A Truthful Data Anonymization Algorithm With Strong
/// Privacy Guarantees", PoPETs 2018(1):67–87): a differentially private release of truthful,
/// generalized records. Each record is sampled with probability β; a search over the generalization
/// lattice picks a transformation with the exponential mechanism; the sample is generalized and
/// every class with fewer than k records is suppressed. β and k come from (ε_anon, δ) by
/// <see cref="SafePubParameters"/> (Li, Qardaji &amp; Su 2012); the search spends ε_search.
/// </summary>
/// <remarks>
/// <para>
/// The search is the paper's Algorithm 2 as ARX implements it (DataDependentEDDPAlgorithm): start
/// at the most general transformation; in each of <c>steps</c> steps add the pivot's predecessors
/// to the candidate set, remove the pivot, and pick the next pivot among the candidates with the
/// exponential mechanism on the score of the sample. One deliberate difference: ARX returns the
/// pivot with the best score by comparing scores directly, which reads the data outside any
/// mechanism; Sanitas picks the returned transformation among the pivots with one more exponential
/// mechanism, so the privacy argument is plain sequential composition: half of ε_search is split
/// evenly over the steps, the other half goes to the final pick (the selection that matters most;
/// measured on Adult, see docs/anonymization.md).
/// </para>
/// <para>
/// Every released attribute must be a quasi-identifier with a declared (file) hierarchy, so that
/// each released tuple occurs at least k times; values a hierarchy lacks are released as the
/// hierarchy's top value at every level instead of failing (nothing may fail on a value after the
/// budget is charged). Released rows are sorted by their generalized values, so the row order says
/// nothing about the input order.
/// </para>
/// </remarks>
public static class SafePub
{
    /// <summary>Anonymizes <paramref name="table"/> with fresh <see cref="SecureRandom"/> bits. Charge (ε, δ) first.</summary>
    /// <param name="table">The input, one row per person.</param>
    /// <param name="config">Roles and hierarchies; <see cref="AnonymizationConfig.DifferentialPrivacy"/> must be set.</param>
    /// <param name="progress">Receives the share of search steps done.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The release.</returns>
    /// <exception cref="AnonymizationException">The configuration does not describe a differentially private release (checked on metadata alone).</exception>
    public static SafePubResult Anonymize(Table table, AnonymizationConfig config, IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        Anonymize(table, config, SecureRandom.Instance, progress, cancellationToken);

    /// <summary>As <see cref="Anonymize(Table, AnonymizationConfig, IProgress{double}?, CancellationToken)"/> with a given source of bits (seeded only in tests).</summary>
    internal static SafePubResult Anonymize(Table table, AnonymizationConfig config, IRandomBits random, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(random);
        var settings = config.DifferentialPrivacy ?? throw new AnonymizationException("The configuration has no differential-privacy model.");
        var qis = CheckRelease([.. table.ColumnNames], config);
        var parameters = Derive(settings);

        // 1. Sample each record independently with probability β (exact Bernoulli draws).
        var sampled = new List<int>();
        for (var r = 0; r < table.RowCount; r++)
        {
            if (BernoulliSampler.Sample(random, parameters.BetaNumerator, SafePubParameters.BetaScale))
            {
                sampled.Add(r);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        var encodings = qis.Select(q => new SafePubEncoding(table[q.Name], q.Hierarchy)).ToArray();
        var rows = sampled.ToArray();
        var scorer = new SafePubScorer(encodings, rows, parameters.K, table.RowCount, settings.Score);

        // 2. The search (Algorithm 2), every selection an exponential mechanism of sensitivity 1.
        var maxLevels = encodings.Select(e => e.MaxLevel).ToArray();
        var mechanism = new ExponentialMechanism(1, settings.EpsilonSearch / 2 / settings.Steps);
        var finalPick = new ExponentialMechanism(1, settings.EpsilonSearch / 2);
        var top = (int[])maxLevels.Clone();
        var pivot = Key(top);
        var candidates = new Dictionary<string, (int[] Node, double Score)>(StringComparer.Ordinal) { [pivot] = (top, scorer.Score(top)) };
        var pivots = new List<(int[] Node, double Score)> { candidates[pivot] };
        var steps = 0;
        for (var step = 1; step <= settings.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var node = candidates[pivot].Node;
            for (var q = 0; q < node.Length; q++)
            {
                if (node[q] > 0)
                {
                    var predecessor = (int[])node.Clone();
                    predecessor[q]--;
                    var key = Key(predecessor);
                    if (!candidates.ContainsKey(key) && !pivots.Any(p => Key(p.Node) == key))
                    {
                        candidates[key] = (predecessor, scorer.Score(predecessor));
                    }
                }
            }
            candidates.Remove(pivot);
            if (candidates.Count == 0)
            {
                break;
            }
            var keys = candidates.Keys.Order(StringComparer.Ordinal).ToArray();
            pivot = keys[mechanism.Release(keys.Select(k => candidates[k].Score).ToArray(), random)];
            pivots.Add(candidates[pivot]);
            steps = step;
            progress?.Report((double)step / settings.Steps);
        }
        var chosen = pivots[finalPick.Release(pivots.Select(p => p.Score).ToArray(), random)].Node;

        // 3. Generalize the sample and suppress every class under k.
        var (output, classes) = Release(table, config, encodings, qis, rows, chosen, parameters.K);
        return new SafePubResult
        {
            Output = output,
            Settings = settings,
            Parameters = parameters,
            Transformation = qis.Select((q, i) => KeyValuePair.Create(q.Name, chosen[i])).ToArray(),
            MaxLevels = maxLevels,
            StepsTaken = steps,
            EquivalenceClasses = classes,
        };
    }

    /// <summary>β and k for the settings.</summary>
    /// <exception cref="AnonymizationException">No k reaches δ.</exception>
    public static SafePubParameters Derive(DifferentialPrivacySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            settings.Validate();
            return SafePubParameters.Derive(settings.EpsilonAnonymization, settings.Delta);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOptionException)
        {
            throw new AnonymizationException("differential-privacy: " + e.Message, e);
        }
    }

    /// <summary>
    /// Checks, on the column names and the configuration alone, that the release is one SafePub can
    /// make: every column is either identifying (dropped) or a quasi-identifier with a hierarchy.
    /// </summary>
    /// <exception cref="AnonymizationException">A column would be released ungeneralized, or no quasi-identifier is declared.</exception>
    internal static List<EngineQuasiIdentifier> CheckRelease(IReadOnlyList<string> columns, AnonymizationConfig config)
    {
        foreach (var name in config.Attributes.Keys)
        {
            if (!columns.Contains(name, StringComparer.Ordinal))
            {
                throw new AnonymizationException($"The configuration names the attribute '{name}', which is not a column of the table. Columns: {string.Join(", ", columns)}.");
            }
        }
        var qis = new List<EngineQuasiIdentifier>();
        foreach (var name in columns)
        {
            var settings = config.Attributes.GetValueOrDefault(name);
            if (settings is { Role: AttributeRole.Identifying })
            {
                continue;
            }
            if (settings is not { Role: AttributeRole.QuasiIdentifying, Hierarchy: { } hierarchy })
            {
                throw new AnonymizationException(
                    $"Differential privacy (SafePub) releases only generalized quasi-identifiers, so that every released record occurs at least k times: declare '{name}' as quasi-identifier with a hierarchy, or as identifying (dropped).");
            }
            qis.Add(new EngineQuasiIdentifier(name, hierarchy));
        }
        if (qis.Count == 0)
        {
            throw new AnonymizationException("The configuration declares no quasi-identifier: SafePub would release nothing.");
        }
        return qis;
    }

    private static string Key(int[] node) => string.Join(',', node);

    private static (Table Output, int Classes) Release(Table table, AnonymizationConfig config, SafePubEncoding[] encodings, List<EngineQuasiIdentifier> qis, int[] rows, int[] node, int k)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var codes = new int[encodings.Length];
        foreach (var r in rows)
        {
            for (var q = 0; q < encodings.Length; q++)
            {
                codes[q] = encodings[q].Code(r, node[q]);
            }
            var key = string.Join(',', codes);
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
            }
            members.Add(r);
        }
        var released = groups.Values.Where(g => g.Count >= k)
            .Select(g => (Values: encodings.Select((e, q) => e.Display(g[0], node[q])).ToArray(), Count: g.Count))
            .OrderBy(g => g.Values, ValuesComparer.Instance)
            .ToList();
        var total = released.Sum(g => g.Count);
        var columns = new List<Column>();
        for (var q = 0; q < qis.Count; q++)
        {
            var values = new string?[total];
            var i = 0;
            foreach (var (v, count) in released)
            {
                for (var c = 0; c < count; c++)
                {
                    values[i++] = v[q];
                }
            }
            columns.Add(Column.FromValues(qis[q].Name, values));
        }
        _ = config;
        return (new Table(columns), released.Count);
    }

    private sealed class ValuesComparer : IComparer<string?[]>
    {
        public static readonly ValuesComparer Instance = new();

        public int Compare(string?[]? x, string?[]? y)
        {
            for (var i = 0; i < x!.Length; i++)
            {
                var c = string.CompareOrdinal(x[i], y![i]);
                if (c != 0)
                {
                    return c;
                }
            }
            return 0;
        }
    }
}
