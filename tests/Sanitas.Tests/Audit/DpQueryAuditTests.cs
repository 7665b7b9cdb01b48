using System.Globalization;
using System.Text;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Black-box audits of DP SQL releases on neighbouring databases: D (20 patients) and D′ = D without
/// the patient with the most rows (5 readings at the top of the declared range, a sensor nobody else
/// has). Each release runs through the public engine with the secure sampler and the ledger, as an
/// analyst's query does; the empirical ε lower bound must not exceed the ε charged. A canary (a
/// Laplace release with a tenth of the right sensitivity) shows the audit has the power to fail.
/// </summary>
public sealed class DpQueryAuditTests : IDisposable
{
    private const int Trials = 600;
    private const double Epsilon = 1.0;

    private const string Metadata = """
        tables:
          Readings:
            privacyUnit: PatientId
            maxRowsPerUnit: 5
            maxGroupsPerUnit: 2
            columns:
              PatientId:   { type: integer, privacyUnit: true }
              Temperature: { type: real, lower: 20.0, upper: 40.0 }
              Foot:        { type: text, public: [left, right] }
              Sensor:      { type: text, private: true }
        """;

    // The audit charges the ledger thousands of times: on tmpfs its fsyncs cost nothing.
    private readonly string _folder = Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", "sanitas-audit-" + Guid.NewGuid().ToString("N"))).FullName
        : Directory.CreateTempSubdirectory("sanitas-audit-").FullName;
    private readonly DatabaseMetadata _metadata = MetadataLoader.Parse(new StringReader(Metadata), "audit.yaml");
    private readonly Dictionary<string, Table> _d;
    private readonly Dictionary<string, Table> _neighbour;

    public DpQueryAuditTests()
    {
        var rows = new List<string>();
        // The target: patient 1, five readings at the upper bound on a sensor of its own, and three more
        // on the other foot: over R = 5, so bounding keeps a random 5 of the 8 (drawn anew per query).
        for (var i = 0; i < 5; i++)
        {
            rows.Add("1,40.0,left,heel-x");
        }
        for (var i = 0; i < 3; i++)
        {
            rows.Add("1,40.0,right,heel-x");
        }
        for (var p = 2; p <= 20; p++)
        {
            for (var i = 0; i < 1 + (p % 3); i++)
            {
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{p},{25 + (p * 7 + i * 3) % 10}.5,{(i % 2 == 0 ? "right" : "left")},{(p % 2 == 0 ? "hallux" : "heel")}"));
            }
        }
        _d = new() { ["Readings"] = Parse(rows) };
        _neighbour = new() { ["Readings"] = Parse(rows.Where(r => !r.StartsWith("1,", StringComparison.Ordinal)).ToList()) };
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Table Parse(List<string> rows)
    {
        var text = new StringBuilder("PatientId,Temperature,Foot,Sensor\n");
        rows.ForEach(r => text.Append(r).Append('\n'));
        return CsvReader.Parse(new StringReader(text.ToString()), "readings.csv");
    }

    private Task<double[]> ReleasesAsync(string sql, Dictionary<string, Table> tables, Func<DpQueryResult, double> statistic, double delta = 0) =>
        RunAsync((ledger, cost) => DpQueryEngine.ExecuteAsync(sql, cost, _metadata, tables, ledger, "auditor", "audit"), statistic, delta);

    /// <summary>Runs a release <see cref="Trials"/> times, charged to a fresh ledger with room for all of them.</summary>
    private async Task<double[]> RunAsync(Func<BudgetLedger, ApproximateDp, Task<DpQueryResult>> release, Func<DpQueryResult, double> statistic, double delta)
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".sqlite"));
        await ledger.SetBudgetAsync("auditor", "audit", Trials * Epsilon * 2, delta > 0 ? 0.5 : 0);
        var values = new double[Trials];
        for (var t = 0; t < Trials; t++)
        {
            values[t] = statistic(await release(ledger, new ApproximateDp(Epsilon, delta)));
        }
        return values;
    }

    /// <summary>The same releases, pushed down to a SQLite file holding <paramref name="tables"/>.</summary>
    private async Task<double[]> ReleasesOnSqliteAsync(string sql, Dictionary<string, Table> tables, Func<DpQueryResult, double> statistic)
    {
        var database = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");
        await SqliteTableWriter.WriteAsync(tables["Readings"], database, "Readings");
        return await RunAsync((ledger, cost) => DpQueryEngine.ExecuteOnDatabaseAsync(sql, cost, _metadata, database, ledger, "auditor", "audit"), statistic, 0);
    }

    /// <summary>The largest empirical ε lower bound over thresholds across the middle of both distributions (the tails are where a broken release shows).</summary>
    private static double WorstBound(double[] onD, double[] onNeighbour)
    {
        var all = onD.Concat(onNeighbour).Order().ToArray();
        return new[] { 0.2, 0.35, 0.5, 0.65, 0.8 }.Max(q => EmpiricalPrivacy.EpsilonLowerBound(onD, onNeighbour, all[(int)(q * (all.Length - 1))]));
    }

    private static double Cell(DpQueryResult r, int column, string? key = null)
    {
        var row = key is null ? r.Rows[0] : r.Rows.First(x => (string?)x[0] == key);
        return Convert.ToDouble(row[column], CultureInfo.InvariantCulture);
    }

    public static TheoryData<string, int, string?> Releases => new()
    {
        { "SELECT COUNT(*) FROM Readings", 0, null },
        { "SELECT COUNT(DISTINCT PatientId) FROM Readings", 0, null },
        { "SELECT SUM(Temperature) FROM Readings", 0, null },
        { "SELECT AVG(Temperature) FROM Readings", 0, null },
        { "SELECT STDDEV(Temperature) FROM Readings", 0, null },
        { "SELECT MEDIAN(Temperature) FROM Readings", 0, null },
        { "SELECT Foot, COUNT(*) FROM Readings GROUP BY Foot", 1, "left" },
        { "SELECT Foot, COUNT(*), COUNT(DISTINCT PatientId) FROM Readings GROUP BY Foot", 2, "right" },
        { "SELECT AVG(CLAMP(Temperature, 30, 40)) FROM Readings", 0, null },
        { "SELECT Foot, SUM(CLAMP(Temperature, 35, 40)) FROM Readings GROUP BY Foot", 1, "right" },
        { "SELECT Foot, AVG(Temperature) FROM Readings GROUP BY Foot", 1, "left" },
        { "SELECT AVG(t) FROM (SELECT PatientId, AVG(Temperature) AS t FROM Readings GROUP BY PatientId) s", 0, null },
        { "SELECT Foot, SUM(n) FROM (SELECT PatientId, Foot, COUNT(*) AS n FROM Readings GROUP BY PatientId, Foot) s GROUP BY Foot", 1, "left" },
    };

    [Theory]
    [MemberData(nameof(Releases))]
    [Trait("Category", "Audit")]
    public async Task A_release_on_neighbouring_databases_stays_within_its_epsilon(string sql, int column, string? key)
    {
        var onD = await ReleasesAsync(sql, _d, r => Cell(r, column, key));
        var onNeighbour = await ReleasesAsync(sql, _neighbour, r => Cell(r, column, key));
        var worst = WorstBound(onD, onNeighbour);
        Assert.True(worst <= Epsilon, $"{sql}: empirical ε lower bound {worst:F3} exceeds the charged ε {Epsilon}");
    }

    /// <summary>
    /// Releases the database engine bounds in SQL: the target has 8 rows over R = 5 in at most 2 groups of at most
    /// R rows, so only R cuts rows and the shorter ranked SQL runs (<c>DpPushdownSql.AggregateRowsOnly</c>, the
    /// kept numbers from the registered <c>sanitas_kept</c> function).
    /// </summary>
    public static TheoryData<string, int, string?> DatabaseReleases => new()
    {
        { "SELECT COUNT(*) FROM Readings", 0, null },
        { "SELECT SUM(Temperature) FROM Readings", 0, null },
        { "SELECT Foot, COUNT(*) FROM Readings GROUP BY Foot", 1, "left" },
    };

    [Theory]
    [MemberData(nameof(DatabaseReleases))]
    [Trait("Category", "Audit")]
    [Trait("Category", "Slow")]
    public async Task A_release_bounded_in_SQLite_on_neighbouring_databases_stays_within_its_epsilon(string sql, int column, string? key)
    {
        var onD = await ReleasesOnSqliteAsync(sql, _d, r => Cell(r, column, key));
        var onNeighbour = await ReleasesOnSqliteAsync(sql, _neighbour, r => Cell(r, column, key));
        var worst = WorstBound(onD, onNeighbour);
        Assert.True(worst <= Epsilon, $"{sql} on SQLite: empirical ε lower bound {worst:F3} exceeds the charged ε {Epsilon}");
    }

    [Fact]
    [Trait("Category", "Audit")]
    public async Task A_key_only_the_removed_person_has_is_released_no_more_often_than_delta_allows()
    {
        const double delta = 1e-5;
        var onD = await ReleasesAsync("SELECT Sensor, COUNT(*) FROM Readings GROUP BY Sensor", _d, r => r.Rows.Any(x => (string?)x[0] == "heel-x") ? 1 : 0, delta);
        var hits = onD.Count(v => v > 0);
        // On D′ the key cannot appear at all, so P_D[key] ≤ δ; with 600 trials, even one hit would be 1e-2 ≫ δ.
        var lower = EmpiricalPrivacy.ClopperPearson(hits, Trials).Lower;
        Assert.True(lower <= delta, $"the removed person's own key was released {hits} times in {Trials}");
    }

    [Fact]
    [Trait("Category", "Audit")]
    public void The_audit_detects_a_release_with_too_little_noise()
    {
        // Canary: the exact count plus Laplace noise for a sensitivity of 0.5 instead of 5.
        var broken = new LaplaceMechanism(0.5, Epsilon);
        var exactD = 5 + Enumerable.Range(2, 19).Sum(p => 1 + (p % 3));
        var exactNeighbour = exactD - 5;
        var onD = Enumerable.Range(0, Trials).Select(_ => broken.Release(exactD, SecureRandom.Instance)).ToArray();
        var onNeighbour = Enumerable.Range(0, Trials).Select(_ => broken.Release(exactNeighbour, SecureRandom.Instance)).ToArray();
        var bound = EmpiricalPrivacy.EpsilonLowerBound(onD, onNeighbour, exactD - 2.5);
        Assert.True(bound > Epsilon, $"the canary's empirical ε lower bound is only {bound:F3}");
    }
}
