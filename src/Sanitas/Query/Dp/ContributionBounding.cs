using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Query;

/// <summary>
/// The random choice of which rows and groups a person keeps when they exceed the contribution
/// bounds, identical on every engine: a uniformly random subset, not the first rows in some order.
/// </summary>
/// <remarks>
/// <para>Per query, a 128-bit salt is drawn from the release's random source (<see cref="SecureRandom"/>
/// outside tests) and never shown. A person's rows are numbered 1…n in a deterministic order
/// (group, then argument values: rows equal in that order are equal in everything the query reads, so
/// which of them gets which number does not change any total), and their groups 1…k in key order.
/// Each row and each group then gets a priority MD5(salt | tag | person | number), computed by
/// PostgreSQL's <c>md5()</c>, by the same function registered in SQLite, or in .NET (as a 128-bit
/// number, <see cref="PriorityKey"/>; also for SQLite when only R applies, <see cref="RegisterKeptFunction"/>); ordering by it
/// (ties by number) is a uniformly random permutation for all practical purposes, the same on every
/// engine for the same salt.</para>
/// <para>The rule (per-partition bounds as in PipelineDP and ZetaSQL, Wilson et al. 2020, "Differentially
/// private SQL with bounded user contribution", PoPETs): keep the G groups of lowest priority, in each
/// the R_g rows of lowest priority, then of those the R rows of lowest priority. COUNT(DISTINCT person)
/// counts the persons among the rows kept before the last step (bounded by G only). Which rows are
/// kept depends on the person's own rows and the salt only, so bounding is stable (removing a person
/// removes only their kept rows), whatever the salt: privacy does not rest on the hash, only the
/// absence of bias does.</para>
/// <para>Person identifiers are hashed as text: integers and text agree on every engine (a REAL
/// identifier may be spelled differently by SQLite and PostgreSQL, so the engines could then keep
/// different random subsets, each as valid).</para>
/// </remarks>
internal static class ContributionBounding
{
    /// <summary>Draws the per-query salt: 16 random bytes as 32 hexadecimal digits (only [0-9a-f], safe in an SQL literal).</summary>
    public static string DrawSalt(IRandomBits random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>The lower-case hexadecimal MD5 of a text's UTF-8 bytes, as PostgreSQL's <c>md5(text)</c>.</summary>
    public static string Md5(string text) => DatabaseTarget.Md5Hex(text);

    /// <summary>The priority of a person's row ("r") or group ("g") numbered <paramref name="number"/> (from 1), as hexadecimal text.</summary>
    public static string Priority(string salt, char tag, object unit, long number) =>
        Md5(string.Create(CultureInfo.InvariantCulture, $"{salt}|{tag}|{UnitText(unit)}|{number}"));

    /// <summary>The SQL expression of the same priority: <paramref name="unit"/> and <paramref name="number"/> are SQL expressions.</summary>
    public static string PrioritySql(string salt, char tag, string unit, string number, SqlDialect dialect) =>
        $"{dialect.Md5Function}('{salt}|{tag}|' || CAST({unit} AS TEXT) || '|' || CAST({number} AS TEXT))" + dialect.OrderingCollation;

    /// <summary>
    /// The UTF-8 bytes every priority of one person and tag starts with: "salt|tag|person|"
    /// (<see cref="PriorityKey"/> appends the number).
    /// </summary>
    public static byte[] PriorityPrefix(string salt, char tag, string unitText) => Encoding.UTF8.GetBytes($"{salt}|{tag}|{unitText}|");

    /// <summary>
    /// The same priority as <see cref="Priority"/>, as the 128-bit digest read big-endian: ordering by it
    /// is ordering by the hexadecimal text (byte by byte), without a string per row.
    /// </summary>
    public static UInt128 PriorityKey(ReadOnlySpan<byte> prefix, long number)
    {
        Span<byte> buffer = prefix.Length <= 236 ? stackalloc byte[prefix.Length + 20] : new byte[prefix.Length + 20];
        prefix.CopyTo(buffer);
        number.TryFormat(buffer[prefix.Length..], out var digits, provider: CultureInfo.InvariantCulture);
        return ShortMd5.Hash(buffer[..(prefix.Length + digits)]);
    }

    /// <summary>
    /// Which of a person's rows numbered 1…<paramref name="rows"/> the row bound keeps when it is the only
    /// bound that applies: the <paramref name="maxRows"/> of lowest priority (ties by number), as a mask
    /// indexed by number (entry 0 unused). The same rule as <see cref="Bound"/> and the ranked SQL.
    /// </summary>
    public static bool[] KeptNumbers(string salt, string unitText, long rows, long maxRows)
    {
        var kept = new bool[rows + 1];
        if (rows <= maxRows)
        {
            kept.AsSpan(1).Fill(true);
            return kept;
        }
        var prefix = PriorityPrefix(salt, 'r', unitText);
        var ranked = new (UInt128 Priority, long Number)[rows];
        for (var i = 0L; i < rows; i++)
        {
            ranked[i] = (PriorityKey(prefix, i + 1), i + 1);
        }
        Array.Sort(ranked, static (x, y) => x.Priority != y.Priority ? x.Priority.CompareTo(y.Priority) : x.Number.CompareTo(y.Number));
        for (var i = 0L; i < maxRows; i++)
        {
            kept[ranked[i].Number] = true;
        }
        return kept;
    }

    /// <summary>
    /// The most rows of one person whose priorities <see cref="KeptNumbers"/> holds in memory at once
    /// (about 100 MB); the database paths use the general ranked SQL above it.
    /// </summary>
    internal const long MaxRowsRankedInMemory = 1L << 22;

    /// <summary>The SQLite function <see cref="RegisterKeptFunction"/> registers: (person as text, n, number) → 1 if kept, else 0.</summary>
    internal const string SqliteKeptFunction = "sanitas_kept";

    /// <summary>
    /// Prepares a connection for a ranked bounding query: on SQLite, registers the kept-rows function
    /// (<see cref="RegisterKeptFunction"/>); on PostgreSQL, turns off JIT compilation for the session,
    /// which the planner would otherwise start for these large-cost plans (over a second of compiling
    /// for a query of a few seconds; the results are the same either way).
    /// </summary>
    internal static Func<DbConnection, CancellationToken, Task> PrepareConnection(string salt, long maxRows) => async (connection, cancellationToken) =>
    {
        if (connection is SqliteConnection sqlite)
        {
            RegisterKeptFunction(sqlite, salt, maxRows);
            return;
        }
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "SET jit = off";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    };

    /// <summary>
    /// Registers on a SQLite connection the function that says whether the row bound keeps a person's
    /// row numbered <c>number</c> of <c>n</c> (<see cref="KeptNumbers"/>, with this query's salt and R held
    /// in .NET, not in the SQL text). Each person's kept numbers are computed once, when their first row
    /// arrives: n keyed hashes and a sort of integers, instead of a hexadecimal MD5 text per row.
    /// </summary>
    internal static void RegisterKeptFunction(SqliteConnection connection, string salt, long maxRows)
    {
        // Rows arrive grouped by person (the window's order), so a few recent persons suffice; any order is correct.
        var recent = new Dictionary<(string Unit, long Rows), bool[]>();
        var cached = 0L;
        connection.CreateFunction<string?, long, long, long>(SqliteKeptFunction, (unit, rows, number) =>
        {
            if (unit is null || number < 1 || number > rows)
            {
                return 0;
            }
            if (!recent.TryGetValue((unit, rows), out var kept))
            {
                if (cached > 1 << 22)
                {
                    (recent, cached) = ([], 0);
                }
                recent[(unit, rows)] = kept = KeptNumbers(salt, unit, rows, maxRows);
                cached += rows;
            }
            return kept[number] ? 1 : 0;
        }, isDeterministic: true);
    }

    /// <summary>A person identifier as text, as the databases cast it (integers in decimal, text as it is).</summary>
    public static string UnitText(object unit) => unit switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        _ => Convert.ToString(unit, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// Bounds each person's contribution (<see cref="ContributionBounding"/>): rows outside the key
    /// domains are dropped; a person over a bound keeps a uniformly random subset chosen by the salt:
    /// G groups, in each R_g rows, then R rows of those. The rows kept by the group and per-group
    /// bounds but not by R come back with InRows false: only COUNT(DISTINCT person) counts them.
    /// </summary>
    internal static List<BoundedRow> Bound(DpQueryPlan plan, Relation narrow, string salt)
    {
        var domainIndex = DpGroupIndex.Positions(plan);
        var strides = DpGroupIndex.Strides(plan);
        var unitValues = narrow.Columns[0].Values;
        var keyValues = Enumerable.Range(0, plan.Keys.Count).Select(k => narrow.Columns[1 + k].Values).ToArray();
        var argumentValues = narrow.Columns.Skip(1 + plan.Keys.Count).Select(c => c.Values).ToArray();

        var byUnit = new Dictionary<object, List<(int Row, int Group)>>(SqlValueComparer.Instance);
        for (var r = 0; r < narrow.RowCount; r++)
        {
            if (unitValues[r] is not { } unit)
            {
                continue;
            }
            var group = 0;
            var inDomain = true;
            for (var k = 0; k < keyValues.Length && inDomain; k++)
            {
                inDomain = keyValues[k][r] is { } v && domainIndex[k].TryGetValue(v, out var position) && (group += position * strides[k]) >= 0;
            }
            if (inDomain)
            {
                (byUnit.TryGetValue(unit, out var list) ? list : byUnit[unit] = []).Add((r, group));
            }
        }
        // The deterministic numbering: by group, then argument values (NULL first), as the databases' ORDER BY.
        var order = Comparer<(int Row, int Group)>.Create((a, b) =>
        {
            var c = a.Group.CompareTo(b.Group);
            for (var i = 0; c == 0 && i < argumentValues.Length; i++)
            {
                var x = argumentValues[i][a.Row];
                var y = argumentValues[i][b.Row];
                c = x is null ? (y is null ? 0 : -1) : y is null ? 1 : SqlValues.Compare(x, y);
            }
            return c;
        });
        var (maxRows, maxGroups, maxPerGroup) = (plan.MaxRowsPerUnit, plan.MaxGroupsPerUnit, Math.Min(plan.MaxRowsPerGroup, plan.MaxRowsPerUnit));
        var kept = new List<BoundedRow>();
        foreach (var unit in byUnit.Keys.Order(Comparer<object>.Create(SqlValues.Compare)))
        {
            var candidates = byUnit[unit];
            var perGroup = candidates.CountBy(c => c.Group).ToList();
            if (candidates.Count <= maxRows && perGroup.Count <= maxGroups && perGroup.All(g => g.Value <= maxPerGroup))
            {
                // Within every bound: keep every row, no sorting or hashing needed.
                foreach (var (row, group) in candidates)
                {
                    kept.Add(new BoundedRow(row, group, unit, true));
                }
                continue;
            }
            candidates.Sort(order);
            var unitText = UnitText(unit);
            // Numbers from 1: rows in the order above, groups in key order (dense).
            var groupNumber = new Dictionary<int, long>();
            foreach (var (_, group) in candidates)
            {
                groupNumber.TryAdd(group, groupNumber.Count + 1);
            }
            HashSet<int>? keptGroups = null;
            if (groupNumber.Count > maxGroups)
            {
                var groupPrefix = PriorityPrefix(salt, 'g', unitText);
                keptGroups = groupNumber
                    .Select(g => (g.Key, Priority: PriorityKey(groupPrefix, g.Value), Number: g.Value))
                    .OrderBy(g => g.Priority).ThenBy(g => g.Number)
                    .Take(maxGroups).Select(g => g.Key).ToHashSet();
            }
            var rowPrefix = PriorityPrefix(salt, 'r', unitText);
            var rows = new List<(UInt128 Priority, int Number, int Row, int Group)>(candidates.Count);
            for (var i = 0; i < candidates.Count; i++)
            {
                var (row, group) = candidates[i];
                if (keptGroups is null || keptGroups.Contains(group))
                {
                    rows.Add((PriorityKey(rowPrefix, i + 1), i + 1, row, group));
                }
            }
            // By priority, ties by number.
            rows.Sort(static (x, y) => x.Priority != y.Priority ? x.Priority.CompareTo(y.Priority) : x.Number.CompareTo(y.Number));
            var inGroup = new Dictionary<int, int>();
            var inRows = 0;
            foreach (var (_, _, row, group) in rows)
            {
                var n = inGroup[group] = inGroup.GetValueOrDefault(group) + 1;
                if (n <= maxPerGroup)
                {
                    kept.Add(new BoundedRow(row, group, unit, ++inRows <= maxRows));
                }
            }
        }
        return kept;
    }
}
