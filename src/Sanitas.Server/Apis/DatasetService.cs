using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Server.Hosting;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Apis;

/// <summary>
/// Datasets for the API and the UI alike: it looks a dataset up, parses its metadata, and calls the
/// library for DP queries, explanations and budgets. The ledger and its dataset name are the
/// server's, never the caller's: the ledger is the store, the name is the dataset's id.
/// </summary>
internal sealed class DatasetService(ServerStore store, ServerOptions options)
{
    public ServerStore Store => store;

    public async Task<(DatasetRecord Record, DatabaseMetadata Metadata)?> FindAsync(string id, CancellationToken ct)
    {
        var d = await store.DatasetAsync(id, ct).ConfigureAwait(false);
        return d is null ? null : (d, ParseMetadata(d.MetadataYaml, d.Id));
    }

    public static DatabaseMetadata ParseMetadata(string yaml, string id) => MetadataLoader.Parse(new StringReader(yaml), $"metadata of dataset '{id}'");

    /// <summary>Parses metadata a steward submits: the server's and the ledger's own tables are never a dataset's.</summary>
    public static DatabaseMetadata CheckedMetadata(string yaml, string id)
    {
        var metadata = ParseMetadata(yaml, id);
        if (metadata.Tables.Keys.FirstOrDefault(t => t.StartsWith("server_", StringComparison.OrdinalIgnoreCase) || t.StartsWith("sanitas_", StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            throw new ServerInputException($"The metadata of '{id}' declares table '{reserved}': names starting with server_ or sanitas_ are the service's own tables.");
        }
        return metadata;
    }

    /// <summary>Checks a request's ε and δ (before anything else).</summary>
    public static ApproximateDp Cost(double? epsilon, double? delta)
    {
        if (epsilon is not { } e || !double.IsFinite(e) || e <= 0)
        {
            throw new ServerInputException("'epsilon' must be a positive number.");
        }
        var d = delta ?? 0;
        if (!double.IsFinite(d) || d < 0 || d >= 1)
        {
            throw new ServerInputException("'delta' must be in [0, 1).");
        }
        return new ApproximateDp(e, d);
    }

    public static Task<DpQueryExplanation> ExplainAsync(DatasetRecord d, DatabaseMetadata metadata, string sql, ApproximateDp cost, CancellationToken ct) =>
        DpQueryExplanation.ExplainOnDatabaseAsync(sql, cost, metadata, d.Location, ct);

    /// <summary>Runs a DP query for an analyst: the library plans, checks, charges the analyst's ledger and only then reads.</summary>
    public async Task<DpQueryResult> QueryAsync(DatasetRecord d, DatabaseMetadata metadata, string analyst, string sql, ApproximateDp cost, CancellationToken ct)
    {
        try
        {
            var result = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, cost, metadata, d.Location, store.Ledger, analyst, d.Id, null, ct).ConfigureAwait(false);
            await store.AuditAsync(analyst, "query", d.Id, result.EpsilonSpent, result.DeltaSpent, sql, CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await store.AuditAsync(analyst, "query-refused", d.Id, null, null, $"{sql} -- {e.GetType().Name}", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task<PrivacyBudget?> BudgetAsync(string analyst, string dataset, CancellationToken ct) =>
        await store.Ledger.GetAsync(analyst, dataset, ct).ConfigureAwait(false);

    public async Task<PrivacyBudget> SetBudgetAsync(string steward, string analyst, string dataset, double epsilon, double delta, CancellationToken ct)
    {
        var user = await store.FindUserAsync(analyst, ct).ConfigureAwait(false);
        if (user is not { Role: Auth.Roles.Analyst })
        {
            throw new ServerInputException($"'{analyst}' is not an analyst of this server.");
        }
        try
        {
            var budget = await store.Ledger.SetBudgetAsync(analyst, dataset, epsilon, delta, ct).ConfigureAwait(false);
            await store.AuditAsync(steward, "budget-set", dataset, epsilon, delta, $"budget of {analyst}", CancellationToken.None).ConfigureAwait(false);
            return budget;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOptionException)
        {
            throw new ServerInputException(e.Message);
        }
    }

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string analyst, string dataset, CancellationToken ct) =>
        [.. (await store.Ledger.GetEntriesAsync(analyst, dataset, ct).ConfigureAwait(false)).Select(e => new HistoryEntry(e.Id, e.Description, e.Epsilon, e.Delta, e.ChargedAt))];

    /// <summary>Imports an uploaded CSV as a table of a new SQLite dataset in the data directory.</summary>
    public async Task<DatasetRecord> ImportCsvAsync(string steward, string id, string name, string description, string tableName, Stream csv, string metadataYaml, string? trainingBounds, CancellationToken ct)
    {
        Names.Id(id, "id");
        var metadata = CheckedMetadata(metadataYaml, id);
        if (metadata.Table(tableName) is null)
        {
            throw new ServerInputException($"The metadata declares no table '{tableName}' (it declares {string.Join(", ", metadata.Tables.Keys)}).");
        }
        if (await store.DatasetAsync(id, ct).ConfigureAwait(false) is not null)
        {
            throw new ServerInputException($"A dataset '{id}' exists already.");
        }
        var dir = Directory.CreateDirectory(Path.Combine(options.DataDirectory, "datasets", id)).FullName;
        var csvPath = Path.Combine(dir, tableName + ".csv");
        await AtomicFile.WriteAsync(csvPath, (file, token) => csv.CopyToAsync(file, token), ct).ConfigureAwait(false);
        var table = await CsvReader.ReadAsync(csvPath, null, ct).ConfigureAwait(false);
        var database = Path.Combine(dir, id + ".sqlite");
        using (var staging = AtomicFile.Begin(database))
        {
            await SqliteTableWriter.WriteAsync(table, staging.TemporaryPath, tableName, new SqliteWriteOptions { Replace = true }, ct).ConfigureAwait(false);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            staging.Commit();
        }
        var record = new DatasetRecord(id, name, description, database, metadataYaml, csvPath, trainingBounds, steward, ServerStore.Now());
        await RegisterAsync(record, ct).ConfigureAwait(false);
        await store.AuditAsync(steward, "upload", id, null, null, $"{table.RowCount} rows into table {tableName}", CancellationToken.None).ConfigureAwait(false);
        return record;
    }

    /// <summary>Registers a dataset after checking its metadata against the database's schema.</summary>
    public async Task RegisterAsync(DatasetRecord record, CancellationToken ct)
    {
        Names.Id(record.Id, "id");
        var metadata = CheckedMetadata(record.MetadataYaml, record.Id);
        if (!Sanitas.Data.DatabaseTarget.IsPostgreSql(record.Location))
        {
            options.Registrable(record.Location, "The database");
        }
        if (record.TrainingCsv is { } csv)
        {
            options.Registrable(csv, "The CSV table");
        }
        if (!Sanitas.Data.DatabaseTarget.IsPostgreSql(record.Location) && !File.Exists(record.Location))
        {
            throw new ServerInputException($"No SQLite database at '{record.Location}'.");
        }
        if (Sanitas.Data.DatabaseTarget.IsPostgreSql(record.Location) ? record.Location == store.Database
            : Sanitas.Data.DatabaseTarget.IsPostgreSql(store.Database) is false && Path.GetFullPath(record.Location) == Path.GetFullPath(store.Database))
        {
            // The store holds token hashes and the ledger: it is never a dataset.
            throw new ServerInputException("The server's own store cannot be registered as a dataset.");
        }
        if (record.TrainingBoundsYaml is { } bounds)
        {
            Learning.LearningBounds.Parse(new StringReader(bounds), $"training bounds of '{record.Id}'");
        }
        _ = metadata;
        if (!await store.AddDatasetAsync(record, ct).ConfigureAwait(false))
        {
            throw new ServerInputException($"A dataset '{record.Id}' exists already.");
        }
        await store.AuditAsync(record.CreatedBy, "dataset-register", record.Id, null, null, record.Name, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The first rows of a table, for the steward's preview.</summary>
    public static async Task<RowsView> RowsAsync(DatasetRecord d, DatabaseMetadata metadata, string? table, int limit, CancellationToken ct)
    {
        var name = table ?? metadata.Tables.Keys.First();
        if (metadata.Table(name) is null)
        {
            throw new ServerInputException($"Dataset '{d.Id}' has no table '{name}' in its metadata.");
        }
        var sql = $"SELECT * FROM {Sanitas.Data.SqlDialect.QuoteIdentifier(name)} LIMIT {Math.Clamp(limit, 1, 1000)}";
        // The dataset's database through Data's target: SQLite opened read-only, PostgreSQL from the target's data source.
        await using var target = Sanitas.Data.DatabaseTarget.Of(d.Location);
        var connection = await target.OpenReadConnectionAsync(ct).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<IReadOnlyList<object?>>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
            }
            return new RowsView(name, columns, rows);
        }
    }
}
