using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sanitas.Privacy;

namespace Sanitas.Server.Storage;

/// <summary>
/// The server's own storage: users, API tokens, datasets, anonymization projects, jobs and the
/// append-only audit log, in a SQLite file (default) or a PostgreSQL database. The privacy-budget
/// ledger lives in the same database (<see cref="Ledger"/>), so one backup holds everything.
/// </summary>
internal sealed class ServerStore
{
    private readonly string _connectionString;
    private readonly bool _postgres;

    public ServerStore(string database)
    {
        Database = database;
        _postgres = Sanitas.Data.DatabaseTarget.IsPostgreSql(database);
        if (!_postgres)
        {
            SQLitePCL.Batteries_V2.Init();
            _connectionString = new SqliteConnectionStringBuilder { DataSource = database, Pooling = true, DefaultTimeout = 30 }.ToString();
        }
        else
        {
            _connectionString = database;
        }
        Ledger = BudgetLedger.Open(database, createIfMissing: true);
    }

    /// <summary>The store as given: a SQLite path or an Npgsql connection string.</summary>
    public string Database { get; }

    /// <summary>The budget ledger every DP release is charged to.</summary>
    public BudgetLedger Ledger { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection connection = _postgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        return connection;
    }

    public async Task EnsureCreatedAsync(CancellationToken ct = default)
    {
        var auditId = _postgres ? "id BIGSERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT";
        string[] statements =
        [
            "CREATE TABLE IF NOT EXISTS server_users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT, created_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS server_tokens (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, label TEXT, created_at TEXT NOT NULL, revoked_at TEXT)",
            "CREATE TABLE IF NOT EXISTS server_datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, location TEXT NOT NULL, metadata_yaml TEXT NOT NULL, training_csv TEXT, training_bounds_yaml TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS server_projects (id TEXT PRIMARY KEY, name TEXT NOT NULL, directory TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS server_jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, owner TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL, progress DOUBLE PRECISION NOT NULL, error TEXT, parameters TEXT NOT NULL, result_files TEXT, created_at TEXT NOT NULL, finished_at TEXT)",
            "CREATE TABLE IF NOT EXISTS server_synthesis_configs (dataset TEXT PRIMARY KEY, config_yaml TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS server_timeseries_configs (dataset TEXT PRIMARY KEY, readings_csv TEXT NOT NULL, config_yaml TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS server_audit ({auditId}, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, dataset TEXT, epsilon DOUBLE PRECISION, delta DOUBLE PRECISION, detail TEXT NOT NULL)",
        ];
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        if (!_postgres)
        {
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL").ConfigureAwait(false);
        }
        foreach (var sql in statements)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct)).ConfigureAwait(false);
        }
        await Ledger.EnsureCreatedAsync(ct).ConfigureAwait(false);
    }

    public static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    // ---- users and tokens

    public async Task<UserRecord?> FindUserAsync(string name, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            "SELECT name AS Name, role AS Role, password_hash AS PasswordHash, created_at AS CreatedAt FROM server_users WHERE name = @name", new { name }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UserRecord>> UsersAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return [.. await c.QueryAsync<UserRecord>(new CommandDefinition(
            "SELECT name AS Name, role AS Role, password_hash AS PasswordHash, created_at AS CreatedAt FROM server_users ORDER BY name", cancellationToken: ct)).ConfigureAwait(false)];
    }

    /// <summary>Creates a user, or changes the role and password of an existing one.</summary>
    public async Task UpsertUserAsync(string name, string role, string? passwordHash, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        var updated = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE server_users SET role = @role, password_hash = COALESCE(@passwordHash, password_hash) WHERE name = @name", new { name, role, passwordHash }, cancellationToken: ct)).ConfigureAwait(false);
        if (updated == 0)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO server_users (name, role, password_hash, created_at) VALUES (@name, @role, @passwordHash, @at)", new { name, role, passwordHash, at = Now() }, cancellationToken: ct)).ConfigureAwait(false);
        }
    }

    public async Task<TokenRecord> AddTokenAsync(string user, string tokenHash, string? label, CancellationToken ct = default)
    {
        var token = new TokenRecord("tok_" + Guid.NewGuid().ToString("N")[..12], user, label, Now(), null);
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_tokens (id, user_name, token_hash, label, created_at) VALUES (@Id, @User, @hash, @Label, @CreatedAt)",
            new { token.Id, token.User, hash = tokenHash, token.Label, token.CreatedAt }, cancellationToken: ct)).ConfigureAwait(false);
        return token;
    }

    public async Task<IReadOnlyList<TokenRecord>> TokensAsync(string user, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return [.. await c.QueryAsync<TokenRecord>(new CommandDefinition(
            "SELECT id AS Id, user_name AS User, label AS Label, created_at AS CreatedAt, revoked_at AS RevokedAt FROM server_tokens WHERE user_name = @user ORDER BY created_at",
            new { user }, cancellationToken: ct)).ConfigureAwait(false)];
    }

    public async Task<bool> RevokeTokenAsync(string id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE server_tokens SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", new { id, at = Now() }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task RevokeTokensAsync(string user, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE server_tokens SET revoked_at = @at WHERE user_name = @user AND revoked_at IS NULL", new { user, at = Now() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>The user a live (unrevoked) token belongs to.</summary>
    public async Task<UserRecord?> UserByTokenHashAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            "SELECT u.name AS Name, u.role AS Role, u.password_hash AS PasswordHash, u.created_at AS CreatedAt FROM server_tokens t JOIN server_users u ON u.name = t.user_name " +
            "WHERE t.token_hash = @tokenHash AND t.revoked_at IS NULL", new { tokenHash }, cancellationToken: ct)).ConfigureAwait(false);
    }

    // ---- datasets

    private const string DatasetColumns = "id AS Id, name AS Name, description AS Description, location AS Location, metadata_yaml AS MetadataYaml, training_csv AS TrainingCsv, training_bounds_yaml AS TrainingBoundsYaml, created_by AS CreatedBy, created_at AS CreatedAt";

    public async Task<IReadOnlyList<DatasetRecord>> DatasetsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return [.. await c.QueryAsync<DatasetRecord>(new CommandDefinition($"SELECT {DatasetColumns} FROM server_datasets ORDER BY id", cancellationToken: ct)).ConfigureAwait(false)];
    }

    public async Task<DatasetRecord?> DatasetAsync(string id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<DatasetRecord>(new CommandDefinition($"SELECT {DatasetColumns} FROM server_datasets WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Adds a dataset; false when the id is taken.</summary>
    public async Task<bool> AddDatasetAsync(DatasetRecord d, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM server_datasets WHERE id = @Id", new { d.Id }, cancellationToken: ct)).ConfigureAwait(false) > 0)
        {
            return false;
        }
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_datasets (id, name, description, location, metadata_yaml, training_csv, training_bounds_yaml, created_by, created_at) " +
            "VALUES (@Id, @Name, @Description, @Location, @MetadataYaml, @TrainingCsv, @TrainingBoundsYaml, @CreatedBy, @CreatedAt)", d, cancellationToken: ct)).ConfigureAwait(false);
        return true;
    }

    public async Task UpdateDatasetMetadataAsync(string id, string metadataYaml, string? trainingBoundsYaml, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE server_datasets SET metadata_yaml = @metadataYaml, training_bounds_yaml = COALESCE(@trainingBoundsYaml, training_bounds_yaml) WHERE id = @id",
            new { id, metadataYaml, trainingBoundsYaml }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>The steward's synthesis domain (SYNTH.yaml) for a dataset's CSV table, or null when none was set.</summary>
    public async Task<string?> SynthesisConfigAsync(string dataset, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT config_yaml FROM server_synthesis_configs WHERE dataset = @dataset", new { dataset }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Sets (or replaces) a dataset's synthesis domain in one statement.</summary>
    public async Task SetSynthesisConfigAsync(string dataset, string configYaml, string updatedBy, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_synthesis_configs (dataset, config_yaml, updated_by, updated_at) VALUES (@dataset, @configYaml, @updatedBy, @at) " +
            "ON CONFLICT (dataset) DO UPDATE SET config_yaml = excluded.config_yaml, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            new { dataset, configYaml, updatedBy, at = Now() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>A dataset's readings table and the steward's time-series settings, or null when none were set.</summary>
    public async Task<TimeSeriesConfigRecord?> TimeSeriesConfigAsync(string dataset, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<TimeSeriesConfigRecord>(new CommandDefinition(
            "SELECT dataset AS Dataset, readings_csv AS ReadingsCsv, config_yaml AS ConfigYaml, updated_by AS UpdatedBy, updated_at AS UpdatedAt FROM server_timeseries_configs WHERE dataset = @dataset",
            new { dataset }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Sets (or replaces) a dataset's readings table and time-series settings in one statement.</summary>
    public async Task SetTimeSeriesConfigAsync(string dataset, string readingsCsv, string configYaml, string updatedBy, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_timeseries_configs (dataset, readings_csv, config_yaml, updated_by, updated_at) VALUES (@dataset, @readingsCsv, @configYaml, @updatedBy, @at) " +
            "ON CONFLICT (dataset) DO UPDATE SET readings_csv = excluded.readings_csv, config_yaml = excluded.config_yaml, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            new { dataset, readingsCsv, configYaml, updatedBy, at = Now() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    // ---- projects

    public async Task<IReadOnlyList<ProjectRecord>> ProjectsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return [.. await c.QueryAsync<ProjectRecord>(new CommandDefinition(
            "SELECT id AS Id, name AS Name, directory AS Directory, created_by AS CreatedBy, created_at AS CreatedAt FROM server_projects ORDER BY id", cancellationToken: ct)).ConfigureAwait(false)];
    }

    public async Task<ProjectRecord?> ProjectAsync(string id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<ProjectRecord>(new CommandDefinition(
            "SELECT id AS Id, name AS Name, directory AS Directory, created_by AS CreatedBy, created_at AS CreatedAt FROM server_projects WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> AddProjectAsync(ProjectRecord p, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM server_projects WHERE id = @Id", new { p.Id }, cancellationToken: ct)).ConfigureAwait(false) > 0)
        {
            return false;
        }
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_projects (id, name, directory, created_by, created_at) VALUES (@Id, @Name, @Directory, @CreatedBy, @CreatedAt)", p, cancellationToken: ct)).ConfigureAwait(false);
        return true;
    }

    // ---- jobs

    private const string JobColumns = "id AS Id, kind AS Kind, owner AS Owner, target AS Target, status AS Status, progress AS Progress, error AS Error, parameters AS Parameters, result_files AS ResultFiles, created_at AS CreatedAt, finished_at AS FinishedAt";

    public async Task AddJobAsync(JobRecord job, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_jobs (id, kind, owner, target, status, progress, error, parameters, result_files, created_at, finished_at) " +
            "VALUES (@Id, @Kind, @Owner, @Target, @Status, @Progress, @Error, @Parameters, @ResultFiles, @CreatedAt, @FinishedAt)", job, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<JobRecord?> JobAsync(string id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition($"SELECT {JobColumns} FROM server_jobs WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JobRecord>> JobsAsync(string owner, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return [.. await c.QueryAsync<JobRecord>(new CommandDefinition($"SELECT {JobColumns} FROM server_jobs WHERE owner = @owner ORDER BY created_at DESC", new { owner }, cancellationToken: ct)).ConfigureAwait(false)];
    }

    /// <summary>Every job of the given kind on a target (a dataset or project), whoever owns it, newest first: for the data's steward, never for analysts.</summary>
    public async Task<IReadOnlyList<JobRecord>> JobsOnAsync(string target, string kind, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return [.. await c.QueryAsync<JobRecord>(new CommandDefinition($"SELECT {JobColumns} FROM server_jobs WHERE target = @target AND kind = @kind ORDER BY created_at DESC", new { target, kind }, cancellationToken: ct)).ConfigureAwait(false)];
    }

    /// <summary>Moves a job to a new state; a finished job (succeeded, failed, cancelled) never changes again.</summary>
    public async Task<bool> UpdateJobAsync(string id, string status, double progress, string? error = null, string? resultFiles = null, CancellationToken ct = default)
    {
        var finished = status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled ? Now() : null;
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE server_jobs SET status = @status, progress = @progress, error = @error, result_files = @resultFiles, finished_at = @finished " +
            "WHERE id = @id AND status IN ('queued', 'running')", new { id, status, progress, error, resultFiles, finished }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task UpdateJobProgressAsync(string id, double progress, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("UPDATE server_jobs SET progress = @progress WHERE id = @id AND status = 'running'", new { id, progress }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>On start: jobs left queued or running by a previous process are marked failed.</summary>
    public async Task<int> FailInterruptedJobsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE server_jobs SET status = 'failed', error = 'The server stopped while the job was queued or running; nothing it wrote is served. Start it again.', finished_at = @at " +
            "WHERE status IN ('queued', 'running')", new { at = Now() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    // ---- audit

    /// <summary>Appends one row to the audit log (there is no update or delete).</summary>
    public async Task AuditAsync(string actor, string action, string? dataset, double? epsilon, double? delta, string detail, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO server_audit (at, actor, action, dataset, epsilon, delta, detail) VALUES (@at, @actor, @action, @dataset, @epsilon, @delta, @detail)",
            new { at = Now(), actor, action, dataset, epsilon, delta, detail }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditRecord>> AuditLogAsync(string? actor, string? action, string? dataset, int limit, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        var sql = "SELECT id AS Id, at AS At, actor AS Actor, action AS Action, dataset AS Dataset, epsilon AS Epsilon, delta AS Delta, detail AS Detail FROM server_audit WHERE 1 = 1" +
            (actor is null ? "" : " AND actor = @actor") + (action is null ? "" : " AND action = @action") + (dataset is null ? "" : " AND dataset = @dataset") +
            " ORDER BY id DESC LIMIT @limit";
        return [.. await c.QueryAsync<AuditRecord>(new CommandDefinition(sql, new { actor, action, dataset, limit }, cancellationToken: ct)).ConfigureAwait(false)];
    }
}
