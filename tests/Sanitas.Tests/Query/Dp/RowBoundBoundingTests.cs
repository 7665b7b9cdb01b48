using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;

namespace Sanitas.Tests.Query.Dp;

/// <summary>
/// The shorter bounding used when only the row bound R applies (nobody over G groups, no group over
/// R_g, or R_g ≥ R without a count of persons): a person over R keeps exactly R rows — the R numbers of
/// lowest MD5 priority, the rule the hexadecimal priorities define — a person within R keeps every row,
/// and memory, SQLite and PostgreSQL keep the same rows for the same salt, the same as the general
/// ranked SQL.
/// </summary>
public sealed class RowBoundBoundingTests : IDisposable
{
    private const int MaxRows = 10;
    private const int Patients = 12;
    private const ulong Seed = 77;

    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-rowbound-").FullName;
    private readonly List<(long Patient, double Value)> _rows = [];
    private readonly Table _visits;
    private readonly string _database;

    // Each patient is their own group (Slot = Patient), so a released count is the rows one patient keeps.
    private static readonly DatabaseMetadata Metadata = MetadataLoader.Parse(new StringReader($$"""
        tables:
          Visits:
            privacyUnit: Patient
            maxRowsPerUnit: {{MaxRows}}
            columns:
              Patient: { type: integer, privacyUnit: true }
              Slot:    { type: integer, public: [{{string.Join(", ", Enumerable.Range(1, Patients))}}] }
              Value:   { type: real, lower: 0, upper: 100 }
        """), "visits.yaml");

    private const string Sql = "SELECT Slot, COUNT(*), SUM(Value) FROM Visits GROUP BY Slot";

    public RowBoundBoundingTests()
    {
        // Patient p has 3p rows (3…36): patients 1–3 are within R = 10, the others over it. Test data, seeded.
        var random = new Random(20261207);
        for (var p = 1; p <= Patients; p++)
        {
            for (var i = 0; i < 3 * p; i++)
            {
                _rows.Add((p, Math.Round(100 * random.NextDouble(), 3)));
            }
        }
        _visits = new Table([
            Column.FromValues("Patient", _rows.Select(r => (string?)r.Patient.ToString(CultureInfo.InvariantCulture)), ColumnType.Integer),
            Column.FromValues("Slot", _rows.Select(r => (string?)r.Patient.ToString(CultureInfo.InvariantCulture)), ColumnType.Integer),
            Column.FromValues("Value", _rows.Select(r => (string?)r.Value.ToString("R", CultureInfo.InvariantCulture)), ColumnType.Decimal)]);
        _database = Path.Combine(_folder, "visits.sqlite");
        SqliteTableWriter.WriteAsync(_visits, _database, "Visits").GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// The kept rows by the rule written out with the hexadecimal priorities: a patient's rows numbered
    /// by value, the R numbers whose MD5(salt|r|patient|number) text sorts first (ties by number).
    /// </summary>
    private Dictionary<long, (int Count, double Sum)> Expected(string salt) => _rows.GroupBy(r => r.Patient).ToDictionary(g => g.Key, g =>
    {
        var numbered = g.Select(r => r.Value).Order().Select((v, i) => (Value: v, Number: i + 1L)).ToList();
        var kept = numbered.Count <= MaxRows ? numbered : [.. numbered
            .OrderBy(r => ContributionBounding.Priority(salt, 'r', g.Key, r.Number), StringComparer.Ordinal).ThenBy(r => r.Number).Take(MaxRows)];
        return (kept.Count, kept.Sum(r => r.Value));
    });

    private async Task<DpQueryResult> Run(string engine)
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".sqlite"));
        await ledger.SetBudgetAsync("alice", "visits", 1e13);
        var random = new SeededRandomForTests(Seed);
        return engine == "memory"
            ? await DpQueryEngine.ExecuteAsync(Sql, 1e12, Metadata, new Dictionary<string, Table> { ["Visits"] = _visits }, ledger, "alice", "visits", random)
            : await DpQueryEngine.ExecuteOnDatabaseAsync(Sql, 1e12, Metadata, engine, ledger, "alice", "visits", random);
    }

    private void AssertKeepsTheRule(DpQueryResult result)
    {
        // The engines draw the salt first from the release's random source.
        var expected = Expected(ContributionBounding.DrawSalt(new SeededRandomForTests(Seed)));
        Assert.Equal(Patients, result.Rows.Count);
        foreach (var row in result.Rows)
        {
            var patient = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
            var (count, sum) = ((double)row[1]!, (double)row[2]!);
            Assert.Equal((double)Math.Min(3 * patient, MaxRows), Math.Round(count));
            Assert.Equal((double)expected[patient].Count, Math.Round(count));
            Assert.True(Math.Abs(sum - expected[patient].Sum) < 1e-6, $"patient {patient}: sum {sum} vs {expected[patient].Sum}");
        }
    }

    [Fact]
    public async Task Memory_keeps_exactly_R_rows_of_a_person_over_R_and_every_row_of_a_person_within() => AssertKeepsTheRule(await Run("memory"));

    [Fact]
    public async Task Sqlite_keeps_the_same_rows_as_the_rule_written_with_hexadecimal_priorities() => AssertKeepsTheRule(await Run(_database));

    [PostgresFact]
    public async Task Postgres_keeps_the_same_rows_as_the_rule_written_with_hexadecimal_priorities()
    {
        var db = PostgresFactAttribute.RequireIsolated();
        await PostgresTableWriter.WriteAsync(_visits, db, "Visits", replace: true);
        AssertKeepsTheRule(await Run(db));
    }

    [Fact]
    public void KeptNumbers_are_the_R_numbers_of_lowest_hexadecimal_priority()
    {
        var salt = ContributionBounding.DrawSalt(new SeededRandomForTests(5));
        foreach (var (unit, rows) in new[] { ("17", 40L), ("patient-é", 11L), ("3", 10L), ("4", 1L) })
        {
            var kept = ContributionBounding.KeptNumbers(salt, unit, rows, MaxRows);
            var expected = Enumerable.Range(1, (int)rows).Select(i => (long)i)
                .OrderBy(i => ContributionBounding.Priority(salt, 'r', unit, i), StringComparer.Ordinal).ThenBy(i => i).Take(MaxRows).Order();
            Assert.Equal(expected, Enumerable.Range(1, (int)rows).Select(i => (long)i).Where(i => kept[i]));
            Assert.Equal(Math.Min(rows, MaxRows), kept.Count(k => k));
        }
    }

    [Fact]
    public void PriorityKey_orders_as_the_hexadecimal_priority_text()
    {
        var salt = ContributionBounding.DrawSalt(new SeededRandomForTests(6));
        var prefix = ContributionBounding.PriorityPrefix(salt, 'g', "42");
        var numbers = Enumerable.Range(1, 300).Select(i => (long)i).ToList();
        Assert.Equal(
            numbers.OrderBy(i => ContributionBounding.Priority(salt, 'g', 42L, i), StringComparer.Ordinal),
            numbers.OrderBy(i => ContributionBounding.PriorityKey(prefix, i)));
        Assert.Equal(ContributionBounding.Priority(salt, 'g', 42L, 7), ContributionBounding.PriorityKey(prefix, 7).ToString("x32", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ShortMd5_gives_the_RFC_1321_test_digests_and_agrees_with_the_platform()
    {
        // RFC 1321, appendix A.5.
        foreach (var (message, digest) in new[]
        {
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        })
        {
            Assert.Equal(digest, ShortMd5.Hash(System.Text.Encoding.ASCII.GetBytes(message)).ToString("x32", CultureInfo.InvariantCulture));
        }
        // Every length around the one-block limit (55 bytes fits, 56 does not).
        var random = new Random(3);
        for (var length = 0; length < 130; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes)), ShortMd5.Hash(bytes).ToString("x32", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Only_the_row_bound_applies_unless_a_group_or_a_count_of_persons_is_cut()
    {
        var plan = DpQueryEngine.Plan(Sql, 1, Metadata);
        // G = R_g = R = 10 by default: more rows than R in a group cut nothing else.
        Assert.True(DpPushdownSql.RowBoundOnly(plan, largestGroups: 10, largestPerGroup: 500));
        Assert.False(DpPushdownSql.RowBoundOnly(plan, largestGroups: 11, largestPerGroup: 5));
        var persons = DpQueryEngine.Plan("SELECT Slot, COUNT(DISTINCT Patient) FROM Visits GROUP BY Slot", 1, Metadata);
        Assert.True(DpPushdownSql.RowBoundOnly(persons, 3, 10));
        Assert.False(DpPushdownSql.RowBoundOnly(persons, 3, 11));
    }

    /// <summary>The shorter SQL and the general ranked SQL return the same totals for the same salt.</summary>
    private static async Task AssertSameAsRanked(string database, string sql, DatabaseMetadata metadata)
    {
        var plan = DpQueryEngine.Plan(sql, 1, metadata);
        var salt = ContributionBounding.DrawSalt(new SeededRandomForTests(11));
        await using var target = DatabaseTarget.Of(database);
        var ranked = await target.QueryValuesAsync(DpPushdownSql.Aggregate(plan, target.Dialect, salt), CancellationToken.None);
        var shorter = await target.QueryValuesAsync(DpPushdownSql.AggregateRowsOnly(plan, target.Dialect, salt),
            ContributionBounding.PrepareConnection(salt, plan.MaxRowsPerUnit), CancellationToken.None);
        Assert.Equal(ranked.Names, shorter.Names);
        Assert.Equal(ranked.RowCount, shorter.RowCount);
        static string Text(object? v) => v is null ? "null" : v is string s ? s : SqlValues.ToDouble(v).ToString("F6", CultureInfo.InvariantCulture);
        for (var c = 0; c < ranked.Names.Count; c++)
        {
            // Rows in key order on both sides.
            Assert.Equal(ranked.Columns[c].Select(Text).Order(), shorter.Columns[c].Select(Text).Order());
        }
    }

    private static readonly DatabaseMetadata LabRowCap = MetadataLoader.Parse(new StringReader("""
        tables:
          Labs:
            privacyUnit: Patient
            maxRowsPerUnit: 8
            columns:
              Patient: { type: integer, privacyUnit: true }
              Test:    { type: text, public: [creatinine, crp, glucose, hba1c, potassium, sodium] }
              Value:   { type: real, lower: 0, upper: 300 }
        """), "labs.yaml");

    private const string LabSql = "SELECT Test, COUNT(*), SUM(Value), AVG(Value) FROM Labs GROUP BY Test";

    private Table Labs()
    {
        var rows = LongTableBoundingTests.Generate(seed: 99, patients: 150);
        return new Table([
            Column.FromValues("Patient", rows.Select(r => (string?)r.Patient.ToString(CultureInfo.InvariantCulture)), ColumnType.Integer),
            Column.FromValues("Test", rows.Select(r => (string?)r.Test)),
            Column.FromValues("Value", rows.Select(r => (string?)r.Value.ToString("R", CultureInfo.InvariantCulture)), ColumnType.Decimal)]);
    }

    [Fact]
    public async Task Sqlite_shorter_sql_equals_the_ranked_sql_for_persons_in_several_groups()
    {
        var database = Path.Combine(_folder, "labs.sqlite");
        await SqliteTableWriter.WriteAsync(Labs(), database, "Labs");
        await AssertSameAsRanked(database, LabSql, LabRowCap);
        await AssertSameAsRanked(_database, Sql, Metadata);
    }

    [PostgresFact]
    public async Task Postgres_shorter_sql_equals_the_ranked_sql_for_persons_in_several_groups()
    {
        var db = PostgresFactAttribute.RequireIsolated();
        await PostgresTableWriter.WriteAsync(Labs(), db, "Labs", replace: true);
        await PostgresTableWriter.WriteAsync(_visits, db, "Visits", replace: true);
        await AssertSameAsRanked(db, LabSql, LabRowCap);
        await AssertSameAsRanked(db, Sql, Metadata);
    }

    [Fact]
    public async Task Memory_and_sqlite_agree_for_persons_in_several_groups()
    {
        var database = Path.Combine(_folder, "labs2.sqlite");
        var labs = Labs();
        await SqliteTableWriter.WriteAsync(labs, database, "Labs");
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, "ledger.sqlite"));
        await ledger.SetBudgetAsync("alice", "labs", 1e13);
        var memory = await DpQueryEngine.ExecuteAsync(LabSql, 1e12, LabRowCap, new Dictionary<string, Table> { ["Labs"] = labs }, ledger, "alice", "labs", new SeededRandomForTests(3));
        var sqlite = await DpQueryEngine.ExecuteOnDatabaseAsync(LabSql, 1e12, LabRowCap, database, ledger, "alice", "labs", new SeededRandomForTests(3));
        static string Text(IReadOnlyList<object?> row) => string.Join("|", row.Select(v => v is double d ? d.ToString("F4", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture)));
        Assert.Equal(memory.Rows.Select(Text), sqlite.Rows.Select(Text));
    }
}
