using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Query;

/// <summary>
/// Releases, with differential privacy, how many rows (and distinct values of a group column) each
/// person has in a table, as a histogram over public buckets 1, 2, 3–4, 5–8, …, 2^19+1–2^20 and
/// "more than 2^20": the analyst's view of the data before choosing R and G. Charged to the ledger
/// like any query, before any data is read.
/// </summary>
/// <remarks>
/// Each person falls in exactly one bucket of each histogram, so adding or removing a person changes
/// one bucket by 1: the histogram's L1 sensitivity is 1 whatever the person's rows (no bound is needed,
/// the count itself is bucketed). Each bucket gets Laplace noise of scale 1/ε_h (<see cref="LaplaceMechanism"/>),
/// ε_h = ε, or ε/2 for each of the two histograms with a group column (sequential composition; Dwork
/// and Roth 2014, Thm 3.14; the histogram mechanism, §3.3). Every bucket is released, empty or not.
/// </remarks>
public static class DpContributionHistogram
{
    /// <summary>The open bucket starts above this many rows: 2^20.</summary>
    internal const long LastBound = 1L << 20;

    /// <summary>The public buckets: [1, 1], [2, 2], [3, 4], [5, 8], …, [2^19 + 1, 2^20], [2^20 + 1, ∞).</summary>
    internal static IReadOnlyList<(long From, long? To)> Buckets { get; } = MakeBuckets();

    private static List<(long From, long? To)> MakeBuckets()
    {
        var buckets = new List<(long From, long? To)> { (1, 1), (2, 2) };
        for (var top = 4L; top <= LastBound; top *= 2)
        {
            buckets.Add((top / 2 + 1, top));
        }
        buckets.Add((LastBound + 1, null));
        return buckets;
    }

    /// <summary>The bucket of a count (at least 1).</summary>
    internal static int BucketOf(long count) => count <= 2 ? (int)count - 1 : count > LastBound ? Buckets.Count - 1 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(count - 1));

    /// <summary>Releases the histogram of an in-memory table.</summary>
    /// <param name="table">The table, as the metadata names it.</param>
    /// <param name="groupColumn">A declared column whose distinct values per person are counted too, or null.</param>
    /// <param name="epsilon">The ε to spend.</param>
    /// <param name="metadata">The declared metadata (the table's privacy unit).</param>
    /// <param name="tables">The data.</param>
    /// <param name="ledger">The budget ledger to charge.</param>
    /// <param name="analyst">Who asks.</param>
    /// <param name="dataset">The dataset the budget is for.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> when null.</param>
    /// <param name="cancellationToken">Cancels before the charge; after it, the charge stands.</param>
    /// <exception cref="QueryException">The table or column is not declared; nothing was charged.</exception>
    /// <exception cref="PrivacyBudgetExceededException">Not enough budget; nothing was charged or read.</exception>
    public static async Task<ContributionHistogram> ExecuteAsync(string table, string? groupColumn, double epsilon, DatabaseMetadata metadata,
        IReadOnlyDictionary<string, Table> tables, BudgetLedger ledger, string analyst, string dataset, IRandomBits? random = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var declared = Check(table, groupColumn, epsilon, metadata);
        return await ReleaseAsync(declared, groupColumn, epsilon, ledger, analyst, dataset, random, cancellationToken, () =>
        {
            var data = tables.FirstOrDefault(t => string.Equals(t.Key, declared.Name, StringComparison.OrdinalIgnoreCase)).Value
                ?? throw new QueryException($"the table '{declared.Name}' is not loaded.");
            return Task.FromResult(PerPerson(data, declared.PrivacyUnit, groupColumn is null ? null : Spelled(declared, groupColumn)));
        }).ConfigureAwait(false);
    }

    /// <summary>Releases the histogram of a database table (SQLite file or PostgreSQL connection string), the counting done by the database.</summary>
    /// <param name="table">The table, as the metadata names it.</param>
    /// <param name="groupColumn">A declared column whose distinct values per person are counted too, or null.</param>
    /// <param name="epsilon">The ε to spend.</param>
    /// <param name="metadata">The declared metadata (the table's privacy unit).</param>
    /// <param name="database">A SQLite file path or an Npgsql connection string.</param>
    /// <param name="ledger">The budget ledger to charge.</param>
    /// <param name="analyst">Who asks.</param>
    /// <param name="dataset">The dataset the budget is for.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> when null.</param>
    /// <param name="cancellationToken">Cancels before the charge; after it, the charge stands.</param>
    /// <exception cref="QueryException">The table or column is not declared, or the database rejects the query; nothing was charged.</exception>
    /// <exception cref="PrivacyBudgetExceededException">Not enough budget; nothing was charged or read.</exception>
    public static async Task<ContributionHistogram> ExecuteOnDatabaseAsync(string table, string? groupColumn, double epsilon, DatabaseMetadata metadata,
        string database, BudgetLedger ledger, string analyst, string dataset, IRandomBits? random = null, CancellationToken cancellationToken = default)
    {
        var declared = Check(table, groupColumn, epsilon, metadata);
        await using var target = DatabaseTarget.Of(database);
        var unit = SqlDialect.QuoteIdentifier(declared.PrivacyUnit);
        var group = groupColumn is null ? "" : $", COUNT(DISTINCT {SqlDialect.QuoteIdentifier(Spelled(declared, groupColumn))}) AS \"g\"";
        var sql = $"SELECT COUNT(*) AS \"n\"{group} FROM {SqlDialect.QuoteIdentifier(declared.Name)} WHERE {unit} IS NOT NULL GROUP BY {unit}";
        try
        {
            await target.QueryValuesAsync($"SELECT * FROM ({sql}) AS \"h\" LIMIT 0", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or SanitasDataException)
        {
            throw new QueryException($"The database rejected the histogram query ({e.Message.Trim()}); nothing was charged.", e);
        }
        return await ReleaseAsync(declared, groupColumn, epsilon, ledger, analyst, dataset, random, cancellationToken, async () =>
        {
            var rows = await target.QueryValuesAsync(sql, CancellationToken.None).ConfigureAwait(false);
            return Enumerable.Range(0, rows.RowCount)
                .Select(r => (Count(rows.Columns[0][r]), groupColumn is null ? 0L : Count(rows.Columns[1][r])))
                .ToList();
        }).ConfigureAwait(false);
    }

    private static long Count(object? value) => value is null ? 0 : (long)SqlValues.ToDouble(value);

    private static TableMetadata Check(string table, string? groupColumn, double epsilon, DatabaseMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        PrivacyParameters.CheckBudgetEpsilon(epsilon, "The ε of the histogram");
        if (epsilon <= 0)
        {
            throw new QueryException("the histogram needs a positive ε; nothing was charged.");
        }
        var declared = metadata.Table(table) ?? metadata.Tables.Values.FirstOrDefault(t => string.Equals(t.Name, table, StringComparison.OrdinalIgnoreCase))
            ?? throw new QueryException($"the table '{table}' is not declared in the metadata ({string.Join(", ", metadata.Tables.Keys)}); nothing was charged.");
        if (groupColumn is not null)
        {
            _ = Spelled(declared, groupColumn);
        }
        return declared;
    }

    private static string Spelled(TableMetadata table, string column) =>
        table.Columns.Keys.FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase))
            ?? throw new QueryException($"the column '{column}' is not declared in table '{table.Name}'; nothing was charged.");

    /// <summary>Per person present: their row count and distinct group values (order irrelevant).</summary>
    private static List<(long Rows, long Groups)> PerPerson(Table table, string unit, string? group)
    {
        var units = table.Columns.FirstOrDefault(c => string.Equals(c.Name, unit, StringComparison.OrdinalIgnoreCase))
            ?? throw new QueryException($"the privacy unit column '{unit}' is not in the table.");
        var groups = group is null ? null : table.Columns.FirstOrDefault(c => string.Equals(c.Name, group, StringComparison.OrdinalIgnoreCase))
            ?? throw new QueryException($"the column '{group}' is not in the table.");
        var rows = new long[units.DistinctCount];
        var pairs = new HashSet<(int, int)>();
        var distinct = new long[units.DistinctCount];
        for (var r = 0; r < units.RowCount; r++)
        {
            var u = units.Codes[r];
            if (u == units.MissingCode)
            {
                continue;
            }
            rows[u]++;
            if (groups is not null && groups.Codes[r] != groups.MissingCode && pairs.Add((u, groups.Codes[r])))
            {
                distinct[u]++;
            }
        }
        return Enumerable.Range(0, rows.Length).Where(u => rows[u] > 0).Select(u => (rows[u], distinct[u])).ToList();
    }

    private static async Task<ContributionHistogram> ReleaseAsync(TableMetadata table, string? groupColumn, double epsilon, BudgetLedger ledger,
        string analyst, string dataset, IRandomBits? random, CancellationToken cancellationToken, Func<Task<List<(long Rows, long Groups)>>> read)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var description = $"contribution histogram of {table.Name}" + (groupColumn is null ? "" : $" (rows and groups of {groupColumn})");
        var entry = await ledger.ChargeAsync(analyst, dataset, epsilon, 0, description, cancellationToken).ConfigureAwait(false);
        var (rows, groups) = await DpQueryEngine.AfterCharge(null, async () =>
        {
            var perPerson = await read().ConfigureAwait(false);
            var rng = random ?? SecureRandom.Instance;
            var share = groupColumn is null ? epsilon : epsilon / 2;
            var byRows = Noisy(perPerson.Select(p => p.Rows), share, rng);
            // A person with rows but no value of the group column has 0 groups: counted with the persons of 1 group would mislead, so they are left out of that histogram (its sensitivity stays 1).
            var byGroups = groupColumn is null ? null : Noisy(perPerson.Select(p => p.Groups).Where(g => g > 0), share, rng);
            return (byRows, byGroups);
        }).ConfigureAwait(false);
        var budget = await ledger.GetAsync(analyst, dataset, CancellationToken.None).ConfigureAwait(false);
        return new ContributionHistogram(table.Name, table.PrivacyUnit, groupColumn is null ? null : Spelled(table, groupColumn), rows, groups, entry.Epsilon, budget?.EpsilonRemaining ?? 0);
    }

    private static List<ContributionBucket> Noisy(IEnumerable<long> counts, double epsilon, IRandomBits random)
    {
        var exact = new double[Buckets.Count];
        foreach (var count in counts)
        {
            exact[BucketOf(count)]++;
        }
        var mechanism = new LaplaceMechanism(1, epsilon);
        return Buckets.Select((b, i) => new ContributionBucket(b.From, b.To, Math.Round(mechanism.Release(exact[i], random)) + 0.0, mechanism.ConfidenceHalfWidth())).ToList();
    }
}
