using BenchmarkDotNet.Attributes;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Samples;

namespace Sanitas.Benchmarks;

/// <summary>
/// A DP query against the same exact query on the same engine (in memory, SQLite), on the simulated
/// trial with about a million readings (860 patients), in two shapes: mean temperature per study arm
/// (readings joined with patients; the key is an attribute of the person) and per foot and sensor
/// (keys that vary within a person's rows). The DP side plans, charges a SQLite ledger, bounds
/// contributions and adds noise.
/// </summary>
public class DpQueryBenchmarks
{
    private static readonly Dictionary<string, string> Queries = new()
    {
        ["arm"] = "SELECT p.Arm, AVG(r.Temperature), COUNT(*) FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId GROUP BY p.Arm",
        ["foot-sensor"] = "SELECT Foot, Sensor, AVG(Temperature), COUNT(*) FROM Readings GROUP BY Foot, Sensor",
    };
    private Dictionary<string, Table> _tables = null!;
    private DatabaseMetadata _metadata = null!;
    private SqliteBudgetLedger _ledger = null!;
    private string _folder = null!;
    private string _database = null!;

    /// <summary>Which query: keys of the person (arm) or of the reading (foot and sensor).</summary>
    [Params("arm", "foot-sensor")]
    public string Keys { get; set; } = "arm";

    // The same queries as PostgreSQL needs them (quoted, case-preserved names).
    private static readonly Dictionary<string, string> PostgresQueries = new()
    {
        ["arm"] = "SELECT p.\"Arm\", AVG(r.\"Temperature\"), COUNT(*) FROM \"Readings\" r JOIN \"Patients\" p ON r.\"PatientId\" = p.\"PatientId\" GROUP BY p.\"Arm\"",
        ["foot-sensor"] = "SELECT \"Foot\", \"Sensor\", AVG(\"Temperature\"), COUNT(*) FROM \"Readings\" GROUP BY \"Foot\", \"Sensor\"",
    };

    internal string Sql => Queries[Keys];

    /// <summary>The trial's metadata (as the setup declared it).</summary>
    internal DatabaseMetadata Metadata => _metadata;

    /// <summary>The trial's tables in memory.</summary>
    internal IReadOnlyDictionary<string, Table> Tables => _tables;

    /// <summary>The trial as a SQLite file.</summary>
    internal string Database => _database;

    /// <summary>A PostgreSQL connection string holding the trial (the paired run only; see <see cref="LoadPostgres"/>).</summary>
    internal string? Postgres { get; private set; }

    /// <summary>Generates the trial and a ledger with an ample budget.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var trial = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 860 });
        var files = ClinicalTrialWriter.WriteAsync(trial, Path.Combine(Path.GetTempPath(), "sanitas-bench-trial-" + Guid.NewGuid().ToString("N"))).GetAwaiter().GetResult();
        _database = files.Database;
        _tables = new Dictionary<string, Table> { ["Patients"] = trial.Patients, ["Readings"] = trial.Readings };
        var yaml = ClinicalTrialMetadata.ToYaml(trial.Options);
        // SANITAS_BENCH_MAX_ROWS=N declares R = N for Readings: below the readings per patient, every
        // patient exceeds it and the DP query takes the hashed random-subset bounding path.
        if (Environment.GetEnvironmentVariable("SANITAS_BENCH_MAX_ROWS") is { Length: > 0 } maxRows)
        {
            yaml = System.Text.RegularExpressions.Regex.Replace(yaml, @"(Readings:\s*\n\s*privacyUnit: PatientId\s*\n\s*maxRowsPerUnit: )\d+", "${1}" + int.Parse(maxRows, System.Globalization.CultureInfo.InvariantCulture));
            Console.WriteLine($"// Readings: maxRowsPerUnit {maxRows}");
        }
        _metadata = MetadataLoader.Parse(new StringReader(yaml), "trial.yaml");
        _folder = Directory.CreateTempSubdirectory("sanitas-bench-").FullName;
        _ledger = new SqliteBudgetLedger(Path.Combine(_folder, "ledger.sqlite"));
        _ledger.SetBudgetAsync("bench", "trial", 1e12).GetAwaiter().GetResult();
        Console.WriteLine($"// readings: {trial.Readings.RowCount:N0}");
    }

    /// <summary>Removes the ledger.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_folder, recursive: true);
        Directory.Delete(Path.GetDirectoryName(_database)!, recursive: true);
    }

    /// <summary>The exact query (no privacy).</summary>
    [Benchmark(Baseline = true)]
    public object Exact() => InMemoryEngine.Execute(Sql, _tables);   // object: the in-memory engine is internal

    /// <summary>The same query with differential privacy (ε = 1).</summary>
    [Benchmark]
    public DpQueryResult Private() => DpQueryEngine.ExecuteAsync(Sql, 1.0, _metadata, _tables, _ledger, "bench", "trial").GetAwaiter().GetResult();

    /// <summary>The exact query run by SQLite itself on trial.sqlite.</summary>
    [Benchmark]
    public Table SqliteExact() => SqliteTableReader.QueryAsync(_database, Sql).GetAwaiter().GetResult();

    /// <summary>The DP query on trial.sqlite: the row-level part in SQLite, bounding and noise in memory.</summary>
    [Benchmark]
    public DpQueryResult SqlitePrivate() => DpQueryEngine.ExecuteOnDatabaseAsync(Sql, 1.0, _metadata, _database, _ledger, "bench", "trial").GetAwaiter().GetResult();

    /// <summary>Copies the trial into a fresh schema of a PostgreSQL database, with the index trial.sqlite has on Readings(PatientId).</summary>
    internal void LoadPostgres(string connection)
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        using (var dataSource = Npgsql.NpgsqlDataSource.Create(connection))
        using (var command = dataSource.CreateCommand($"CREATE SCHEMA \"{schema}\""))
        {
            command.ExecuteNonQuery();
        }
        Postgres = connection + $";Search Path={schema}";
        foreach (var (name, table) in _tables)
        {
            PostgresTableWriter.WriteAsync(table, Postgres, name).GetAwaiter().GetResult();
        }
        using (var dataSource = Npgsql.NpgsqlDataSource.Create(Postgres))
        using (var command = dataSource.CreateCommand("CREATE INDEX ON \"Readings\" (\"PatientId\"); ANALYZE"))
        {
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The exact query run by PostgreSQL.</summary>
    internal Table PostgresExact() => PostgresTableReader.QueryAsync(Postgres!, PostgresQueries[Keys]).GetAwaiter().GetResult();

    /// <summary>The DP query on PostgreSQL.</summary>
    internal DpQueryResult PostgresPrivate() => DpQueryEngine.ExecuteOnDatabaseAsync(Sql, 1.0, _metadata, Postgres!, _ledger, "bench", "trial").GetAwaiter().GetResult();
}
