namespace Sanitas.Tests.Support;

/// <summary>
/// A test that needs the throwaway PostgreSQL server of scripts/with-postgres.sh (connection string in
/// SANITAS_TEST_POSTGRES). Skipped on a developer machine without it; under CI (CI=true) it runs and
/// fails when the server is missing, so CI cannot pass without PostgreSQL.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>The connection string, or null.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable("SANITAS_TEST_POSTGRES");

    /// <summary>Sets Skip when there is no server and this is not CI.</summary>
    public PostgresFactAttribute()
    {
        if (ConnectionString is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "No PostgreSQL: run the tests through scripts/with-postgres.sh (as README.md's test command does).";
        }
    }

    /// <summary>
    /// A connection string whose search path is a new, empty schema: test classes run in parallel and
    /// must not share tables such as "Patients".
    /// </summary>
    public static string RequireIsolated()
    {
        var connection = Require();
        var schema = "t_" + Guid.NewGuid().ToString("N");
        using (var dataSource = Npgsql.NpgsqlDataSource.Create(connection))
        using (var command = dataSource.CreateCommand($"CREATE SCHEMA \"{schema}\""))
        {
            command.ExecuteNonQuery();
        }
        return connection + $";Search Path={schema}";
    }

    /// <summary>The connection string, or an exception explaining how to get one.</summary>
    public static string Require() => ConnectionString
        ?? throw new InvalidOperationException("SANITAS_TEST_POSTGRES is not set: run the tests through scripts/with-postgres.sh.");
}
