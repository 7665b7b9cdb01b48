namespace Sanitas.Server.Tests.Support;

/// <summary>
/// A test that needs the throwaway PostgreSQL of scripts/with-postgres.sh (SANITAS_TEST_POSTGRES).
/// Skipped on a developer machine without it; under CI (CI=true) it runs and fails without it.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public static string? ConnectionString => Environment.GetEnvironmentVariable("SANITAS_TEST_POSTGRES");

    public PostgresFactAttribute()
    {
        if (ConnectionString is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "No PostgreSQL: run the tests through scripts/with-postgres.sh.";
        }
    }

    /// <summary>A connection string whose search path is a new, empty schema.</summary>
    public static string RequireIsolated()
    {
        var connection = ConnectionString ?? throw new InvalidOperationException("SANITAS_TEST_POSTGRES is not set: run the tests through scripts/with-postgres.sh.");
        var schema = "srv_" + Guid.NewGuid().ToString("N");
        using (var dataSource = Npgsql.NpgsqlDataSource.Create(connection))
        using (var command = dataSource.CreateCommand($"CREATE SCHEMA \"{schema}\""))
        {
            command.ExecuteNonQuery();
        }
        return connection + $";Search Path={schema}";
    }
}
