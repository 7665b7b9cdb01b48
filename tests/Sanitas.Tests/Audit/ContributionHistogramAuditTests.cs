using System.Globalization;
using System.Text;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;

namespace Sanitas.Tests.Audit;

/// <summary>
/// The DP histogram of rows (and groups) per person (<c>sanitas query --rows-per-person</c>): a black-box
/// audit on D and D′ = D without its heaviest person (8 rows, 2 sensors), through the public API with the
/// secure sampler and the ledger; its exact buckets on memory and SQLite; and its refusals before the charge.
/// </summary>
public sealed class ContributionHistogramAuditTests : IDisposable
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
              Sensor:      { type: text, private: true }
        """;

    private readonly string _folder = Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", "sanitas-hist-" + Guid.NewGuid().ToString("N"))).FullName
        : Directory.CreateTempSubdirectory("sanitas-hist-").FullName;
    private readonly DatabaseMetadata _metadata = MetadataLoader.Parse(new StringReader(Metadata), "audit.yaml");
    private readonly List<string> _rows = [];
    private readonly Dictionary<string, Table> _d;
    private readonly Dictionary<string, Table> _neighbour;

    public ContributionHistogramAuditTests()
    {
        // Patient 1: 8 rows on two sensors (rows bucket 5–8, groups bucket 2); patients 2–20: 1 to 3 rows on one sensor.
        for (var i = 0; i < 8; i++)
        {
            _rows.Add(string.Create(CultureInfo.InvariantCulture, $"1,30.5,{(i < 5 ? "heel" : "hallux")}"));
        }
        for (var p = 2; p <= 20; p++)
        {
            for (var i = 0; i < 1 + (p % 3); i++)
            {
                _rows.Add(string.Create(CultureInfo.InvariantCulture, $"{p},{25 + i}.5,{(p % 2 == 0 ? "hallux" : "heel")}"));
            }
        }
        _d = new() { ["Readings"] = Parse(_rows) };
        _neighbour = new() { ["Readings"] = Parse(_rows.Where(r => !r.StartsWith("1,", StringComparison.Ordinal)).ToList()) };
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Table Parse(List<string> rows)
    {
        var text = new StringBuilder("PatientId,Temperature,Sensor\n");
        rows.ForEach(r => text.Append(r).Append('\n'));
        return CsvReader.Parse(new StringReader(text.ToString()), "readings.csv");
    }

    private async Task<BudgetLedger> LedgerAsync(double epsilon)
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".sqlite"));
        await ledger.SetBudgetAsync("auditor", "audit", epsilon);
        return ledger;
    }

    private async Task<double[]> ReleasesAsync(Dictionary<string, Table> tables, Func<ContributionHistogram, double> statistic)
    {
        var ledger = await LedgerAsync(Trials * Epsilon * 2);
        var values = new double[Trials];
        for (var t = 0; t < Trials; t++)
        {
            values[t] = statistic(await DpContributionHistogram.ExecuteAsync("Readings", "Sensor", Epsilon, _metadata, tables, ledger, "auditor", "audit"));
        }
        return values;
    }

    private static double Bucket(IReadOnlyList<ContributionBucket> buckets, long count) =>
        buckets.Single(b => b.From <= count && (b.To is null || count <= b.To)).Persons;

    [Theory]
    [InlineData("rows")]
    [InlineData("groups")]
    [Trait("Category", "Audit")]
    public async Task The_histogram_on_neighbouring_databases_stays_within_its_epsilon(string histogram)
    {
        // The removed person is in the rows bucket 5–8 and the groups bucket 2: where D and D′ differ.
        Func<ContributionHistogram, double> statistic = histogram == "rows" ? h => Bucket(h.Rows, 8) : h => Bucket(h.Groups!, 2);
        var onD = await ReleasesAsync(_d, statistic);
        var onNeighbour = await ReleasesAsync(_neighbour, statistic);
        var all = onD.Concat(onNeighbour).Order().ToArray();
        var worst = new[] { 0.2, 0.35, 0.5, 0.65, 0.8 }.Max(q => EmpiricalPrivacy.EpsilonLowerBound(onD, onNeighbour, all[(int)(q * (all.Length - 1))]));
        Assert.True(worst <= Epsilon, $"{histogram}: empirical ε lower bound {worst:F3} exceeds the charged ε {Epsilon}");
    }

    [Fact]
    public async Task Every_bucket_is_released_and_holds_the_persons_counts_on_memory_and_sqlite()
    {
        var database = Path.Combine(_folder, "readings.sqlite");
        await SqliteTableWriter.WriteAsync(_d["Readings"], database, "Readings", SqliteWriteOptions.Default);
        var ledger = await LedgerAsync(2e6);
        var inMemory = await DpContributionHistogram.ExecuteAsync("readings", "sensor", 1e6, _metadata, _d, ledger, "auditor", "audit", new SeededRandomForTests(3));
        var onSqlite = await DpContributionHistogram.ExecuteOnDatabaseAsync("Readings", "Sensor", 1e6, _metadata, database, ledger, "auditor", "audit", new SeededRandomForTests(3));
        foreach (var h in new[] { inMemory, onSqlite })
        {
            Assert.Equal(22, h.Rows.Count);   // 1, 2, 3–4, …, 2^19+1–2^20, more: public, whatever the data
            Assert.Equal([(1L, (long?)1L), (2, 2), (3, 4), (5, 8)], h.Rows.Take(4).Select(b => (b.From, b.To)));
            Assert.Null(h.Rows[^1].To);
            // Persons 2–20 have 1 + p % 3 rows: six with 1, six with 2, seven with 3; patient 1 has 8.
            Assert.Equal([6.0, 6, 7, 1, 0], h.Rows.Take(5).Select(b => b.Persons));
            Assert.Equal([19.0, 1, 0], h.Groups!.Take(3).Select(b => b.Persons));
            Assert.Equal("Sensor", h.GroupColumn);
            Assert.Equal(1e6, h.EpsilonSpent);
        }
        Assert.Equal(0, onSqlite.EpsilonRemaining, 6);
    }

    [Fact]
    public async Task An_undeclared_table_or_column_is_refused_before_any_charge()
    {
        var ledger = await LedgerAsync(1);
        var table = await Assert.ThrowsAsync<QueryException>(() => DpContributionHistogram.ExecuteAsync("Visits", null, 0.5, _metadata, _d, ledger, "auditor", "audit"));
        Assert.Contains("'Visits' is not declared", table.Message, StringComparison.Ordinal);
        var column = await Assert.ThrowsAsync<QueryException>(() => DpContributionHistogram.ExecuteAsync("Readings", "Ward", 0.5, _metadata, _d, ledger, "auditor", "audit"));
        Assert.Contains("'Ward' is not declared", column.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<QueryException>(() => DpContributionHistogram.ExecuteOnDatabaseAsync("Readings", null, 0.5, _metadata, Path.Combine(_folder, "absent.sqlite"), ledger, "auditor", "audit"));
        Assert.Contains("nothing was charged", missing.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await ledger.GetAsync("auditor", "audit"))!.EpsilonSpent);
    }

    [Fact]
    public void Buckets_double_and_cover_every_count()
    {
        Assert.Equal(0, DpContributionHistogram.BucketOf(1));
        Assert.Equal(1, DpContributionHistogram.BucketOf(2));
        Assert.Equal(2, DpContributionHistogram.BucketOf(3));
        Assert.Equal(2, DpContributionHistogram.BucketOf(4));
        Assert.Equal(3, DpContributionHistogram.BucketOf(5));
        Assert.Equal(3, DpContributionHistogram.BucketOf(8));
        Assert.Equal(4, DpContributionHistogram.BucketOf(9));
        Assert.Equal(21, DpContributionHistogram.BucketOf((1L << 20) + 1));
        Assert.Equal(20, DpContributionHistogram.BucketOf(1L << 20));
        for (var n = 1L; n < 5000; n++)
        {
            var (from, to) = DpContributionHistogram.Buckets[DpContributionHistogram.BucketOf(n)];
            Assert.InRange(n, from, to ?? long.MaxValue);
        }
    }
}
