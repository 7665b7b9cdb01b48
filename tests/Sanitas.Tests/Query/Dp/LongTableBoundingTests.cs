using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;

namespace Sanitas.Tests.Query.Dp;

/// <summary>
/// A long lab table (patient, test, value; many rows per patient, some patients with dozens of rows of
/// one test): DP counts and distinct counts per test fall within their stated intervals when nobody
/// exceeds the bounds, and within the bias of bounding (computed here from the data) plus the interval
/// otherwise, on memory, SQLite and PostgreSQL; the rows kept over R are a random subset (no test
/// loses its patients because it sorts late); CLAMP gives a usable mean for a small-range test.
/// </summary>
public sealed class LongTableBoundingTests : IDisposable
{
    private static readonly (string Name, double Low, double High)[] LabTests =
        [("creatinine", 0.5, 3), ("crp", 0, 20), ("glucose", 60, 200), ("hba1c", 4, 12), ("potassium", 3, 6), ("sodium", 130, 150)];

    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-labs-").FullName;
    private readonly Table _labs;
    private readonly List<(long Patient, string Test, double Value)> _rows;
    private readonly string _database;

    public LongTableBoundingTests()
    {
        _rows = Generate(seed: 20261207, patients: 400);
        _labs = new Table([
            Column.FromValues("Patient", _rows.Select(r => (string?)r.Patient.ToString(CultureInfo.InvariantCulture)), ColumnType.Integer),
            Column.FromValues("Test", _rows.Select(r => (string?)r.Test)),
            Column.FromValues("Value", _rows.Select(r => (string?)r.Value.ToString("R", CultureInfo.InvariantCulture)), ColumnType.Decimal)]);
        _database = Path.Combine(_folder, "labs.sqlite");
        SqliteTableWriter.WriteAsync(_labs, _database, "Labs").GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// A seeded lab table (test data, not a release): each patient has 1–3 rows of each of 2–6 tests;
    /// one in five also has 10–30 rows of one test (a patient monitored closely).
    /// </summary>
    internal static List<(long Patient, string Test, double Value)> Generate(int seed, int patients)
    {
        var random = new Random(seed);
        var rows = new List<(long, string, double)>();
        for (var p = 1; p <= patients; p++)
        {
            var tests = LabTests.OrderBy(_ => random.Next()).Take(random.Next(2, 7)).ToList();
            foreach (var (name, low, high) in tests)
            {
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    rows.Add((p, name, Math.Round(low + (high - low) * random.NextDouble(), 2)));
                }
            }
            if (random.Next(5) == 0)
            {
                var (name, low, high) = tests[random.Next(tests.Count)];
                for (var i = random.Next(10, 31); i > 0; i--)
                {
                    rows.Add((p, name, Math.Round(low + (high - low) * random.NextDouble(), 2)));
                }
            }
        }
        return rows;
    }

    private static DatabaseMetadata Metadata(string bounds) => MetadataLoader.Parse(new StringReader($$"""
        tables:
          Labs:
            privacyUnit: Patient
        {{bounds}}
            columns:
              Patient: { type: integer, privacyUnit: true }
              Test:    { type: text, public: [creatinine, crp, glucose, hba1c, potassium, sodium] }
              Value:   { type: real, lower: 0, upper: 300 }
        """), "labs.yaml");

    // Nobody exceeds: at most 6 tests of at most 33 rows each.
    private static readonly DatabaseMetadata Roomy = Metadata("    maxRowsPerUnit: 200\n    maxGroupsPerUnit: 6");

    // Per-group bound: at most 3 rows per patient and test (PipelineDP style); row sensitivity min(200, 6·3) = 18.
    private static readonly DatabaseMetadata PerGroup = Metadata("    maxRowsPerUnit: 200\n    maxGroupsPerUnit: 6\n    maxRowsPerGroup: 3");

    // A row cap most heavy patients exceed: 8 rows of all their tests, a random subset.
    private static readonly DatabaseMetadata RowCap = Metadata("    maxRowsPerUnit: 8\n    maxGroupsPerUnit: 6");

    private const string Counts = "SELECT Test, COUNT(*), COUNT(DISTINCT Patient) FROM Labs GROUP BY Test";

    private async Task<DpQueryResult> Run(string engine, string sql, double epsilon, DatabaseMetadata metadata, ulong seed)
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".sqlite"));
        await ledger.SetBudgetAsync("alice", "labs", 1e13);
        var random = new SeededRandomForTests(seed);
        return engine switch
        {
            "memory" => await DpQueryEngine.ExecuteAsync(sql, epsilon, metadata, new Dictionary<string, Table> { ["Labs"] = _labs }, ledger, "alice", "labs", random),
            "sqlite" => await DpQueryEngine.ExecuteOnDatabaseAsync(sql, epsilon, metadata, _database, ledger, "alice", "labs", random),
            _ => await DpQueryEngine.ExecuteOnDatabaseAsync(sql, epsilon, metadata, engine, ledger, "alice", "labs", random),
        };
    }

    private IEnumerable<string> Tests => LabTests.Select(t => t.Name);

    private double TrueRows(string test, Func<int, double> perPatientKept) =>
        _rows.Where(r => r.Test == test).GroupBy(r => r.Patient).Sum(g => perPatientKept(g.Count()));

    private double TruePersons(string test) => _rows.Where(r => r.Test == test).Select(r => r.Patient).Distinct().Count();

    /// <summary>Checks released counts against the counts bounding keeps (exact, or expected with a sampling allowance).</summary>
    private void AssertCounts(DpQueryResult result, Func<string, double> keptRows, Func<string, double> samplingSd)
    {
        Assert.Equal(Tests, result.Rows.Select(r => (string)r[0]!));
        for (var i = 0; i < result.Rows.Count; i++)
        {
            var test = (string)result.Rows[i][0]!;
            var (rows, persons) = ((double)result.Rows[i][1]!, (double)result.Rows[i][2]!);
            var (rowsHw, personsHw) = (result.ConfidenceIntervals[i][1]!.Value, result.ConfidenceIntervals[i][2]!.Value);
            // Twice the 95% half-width: about 99.75% per cell for Laplace noise, so 12 cells do not flake.
            Assert.True(Math.Abs(rows - keptRows(test)) <= 2 * rowsHw + 4 * samplingSd(test),
                $"{test}: COUNT(*) {rows} vs kept {keptRows(test):F1} (true {TrueRows(test, n => n)}), ± {rowsHw}");
            // Persons are bounded by G only (6 ≥ 6 tests): every patient counts, whatever R and R_g.
            Assert.True(Math.Abs(persons - TruePersons(test)) <= 2 * personsHw, $"{test}: COUNT(DISTINCT) {persons} vs {TruePersons(test)} ± {personsHw}");
        }
    }

    private async Task Within_bounds(string engine)
    {
        var result = await Run(engine, Counts, 20, Roomy, 1);
        AssertCounts(result, test => TrueRows(test, n => n), _ => 0);
    }

    private async Task Per_group_bound(string engine)
    {
        var result = await Run(engine, Counts, 4, PerGroup, 2);
        Assert.Equal(18, result.Plan.Aggregates[0].Sensitivity);
        Assert.Equal(6, result.Plan.Aggregates[1].Sensitivity);
        // R_g = 3 keeps min(n, 3) rows of each patient's test: the bias is true − kept, deterministic.
        AssertCounts(result, test => TrueRows(test, n => Math.Min(n, 3)), _ => 0);
        Assert.Contains(Tests, test => TrueRows(test, n => n) - TrueRows(test, n => Math.Min(n, 3)) > 100);
    }

    private async Task Row_cap(string engine)
    {
        var result = await Run(engine, Counts, 4, RowCap, 3);
        // A random subset of R = 8 of a patient's n rows keeps each row with probability 8/n: the
        // expected kept rows of a test are Σ n_t·min(1, 8/n); the hypergeometric spread is small.
        var perPatient = _rows.GroupBy(r => r.Patient).ToDictionary(g => g.Key, g => g.Count());
        double Kept(string test) => _rows.Where(r => r.Test == test).GroupBy(r => r.Patient).Sum(g => g.Count() * Math.Min(1.0, 8.0 / perPatient[g.Key]));
        double Sd(string test) => Math.Sqrt(_rows.Where(r => r.Test == test).GroupBy(r => r.Patient).Sum(g =>
        {
            var (k, n) = ((double)g.Count(), (double)perPatient[g.Key]);
            return n <= 8 ? 0 : 8 * (k / n) * (1 - k / n) * (n - 8) / (n - 1);
        }));
        AssertCounts(result, Kept, Sd);
    }

    [Fact]
    public Task Memory_counts_are_within_their_intervals_within_the_bounds() => Within_bounds("memory");

    [Fact]
    public Task Sqlite_counts_are_within_their_intervals_within_the_bounds() => Within_bounds("sqlite");

    [Fact]
    public Task Sqlite_counts_are_within_the_bias_of_a_per_group_bound_plus_the_interval() => Per_group_bound("sqlite");

    [Fact]
    public Task Memory_counts_are_within_the_bias_of_a_per_group_bound_plus_the_interval() => Per_group_bound("memory");

    [Fact]
    public Task Sqlite_row_cap_keeps_a_random_subset_not_the_first_rows() => Row_cap("sqlite");

    [Fact]
    public Task Memory_row_cap_keeps_a_random_subset_not_the_first_rows() => Row_cap("memory");

    [PostgresFact]
    public async Task Postgres_counts_within_bounds_per_group_and_row_cap()
    {
        var db = PostgresFactAttribute.RequireIsolated();
        await PostgresTableWriter.WriteAsync(_labs, db, "Labs", replace: true);
        await Within_bounds(db);
        await Per_group_bound(db);
        await Row_cap(db);
    }

    [Fact]
    public async Task The_engines_keep_the_same_random_subset_for_the_same_salt()
    {
        const string sql = "SELECT Test, COUNT(*), SUM(Value), COUNT(DISTINCT Patient) FROM Labs GROUP BY Test";
        foreach (var metadata in new[] { PerGroup, RowCap, Metadata("    maxRowsPerUnit: 8\n    maxGroupsPerUnit: 2\n    maxRowsPerGroup: 2") })
        {
            var memory = await Run("memory", sql, 1e12, metadata, 9);
            var sqlite = await Run("sqlite", sql, 1e12, metadata, 9);
            static string Text(IReadOnlyList<object?> row) => string.Join("|", row.Select(v => v is double d ? d.ToString("F3", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture)));
            Assert.Equal(memory.Rows.Select(Text), sqlite.Rows.Select(Text));
            if (PostgresFactAttribute.ConnectionString is not null)
            {
                var db = PostgresFactAttribute.RequireIsolated();
                await PostgresTableWriter.WriteAsync(_labs, db, "Labs", replace: true);
                var postgres = await Run(db, sql, 1e12, metadata, 9);
                Assert.Equal(memory.Rows.Select(r => Convert.ToDouble(r[1], CultureInfo.InvariantCulture)), postgres.Rows.Select(r => Convert.ToDouble(r[1], CultureInfo.InvariantCulture)));
                Assert.Equal(memory.Rows.Select(r => Convert.ToDouble(r[3], CultureInfo.InvariantCulture)), postgres.Rows.Select(r => Convert.ToDouble(r[3], CultureInfo.InvariantCulture)));
            }
        }
        // Another salt keeps another subset: the sums differ (the subset is drawn per query).
        var other = await Run("memory", sql, 1e12, RowCap, 10);
        var first = await Run("memory", sql, 1e12, RowCap, 9);
        Assert.NotEqual(first.Rows.Select(r => (double)r[2]!), other.Rows.Select(r => (double)r[2]!));
    }

    [Fact]
    public async Task Clamp_gives_a_usable_mean_for_a_small_range_test()
    {
        const string sql = "SELECT Test, AVG(CLAMP(Value, 0, 20)), AVG(Value) FROM Labs GROUP BY Test";
        var plan = DpQueryEngine.Plan(sql, 4, PerGroup);
        Assert.Equal((0.0, 20.0), (plan.Aggregates[0].Lower, plan.Aggregates[0].Upper));
        Assert.Equal((0.0, 300.0), (plan.Aggregates[1].Lower, plan.Aggregates[1].Upper));
        Assert.Equal(18 * 10.0, plan.Aggregates[0].Sensitivity);
        foreach (var engine in new[] { "memory", "sqlite" })
        {
            var result = await Run(engine, sql, 4, PerGroup, 4);
            var crp = result.Rows.Select((r, i) => (Row: r, Interval: result.ConfidenceIntervals[i])).Single(r => (string)r.Row[0]! == "crp");
            // The mean of the rows R_g = 3 keeps (values in [0, 20]: clamping changes nothing).
            var kept = _rows.Where(r => r.Test == "crp").GroupBy(r => r.Patient).SelectMany(g => g.Take(3)).ToList();
            var trueMean = _rows.Where(r => r.Test == "crp").Average(r => r.Value);
            var (clamped, clampedHw) = ((double)crp.Row[1]!, crp.Interval[1]!.Value);
            var (plain, plainHw) = ((double)crp.Row[2]!, crp.Interval[2]!.Value);
            Assert.True(Math.Abs(clamped - trueMean) <= 2 * clampedHw + 1.0, $"{engine}: CLAMP mean {clamped} ± {clampedHw} vs {trueMean} (kept rows {kept.Count})");
            Assert.True(clampedHw < 1.5, $"{engine}: CLAMP half-width {clampedHw}");
            Assert.True(plainHw > 10 * clampedHw, $"{engine}: [0, 300] half-width {plainHw} vs {clampedHw}");
            Assert.InRange(plain, 0, 300);
        }
    }

    [Fact]
    public void Explain_states_which_bounds_apply_and_tau_with_a_private_key()
    {
        var explanation = DpQueryExplanation.Explain(DpQueryEngine.Plan(Counts, 1, PerGroup), Counts);
        Assert.Equal(3, explanation.MaxRowsPerGroup);
        Assert.Equal(18, explanation.MaxContributedRows);
        Assert.Contains("at most G = 6 groups per person, then at most R_g = 3 rows per person in each group, then at most R = 200 rows per person in all", explanation.Bounding);
        Assert.Contains("uniformly random subset", explanation.Bounding);
        Assert.Contains("COUNT(DISTINCT person) counts every person in the groups they keep (bounded by G only)", explanation.Bounding);
    }
}
