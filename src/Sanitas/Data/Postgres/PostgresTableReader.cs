namespace Sanitas.Data;

/// <summary>
/// Reads a PostgreSQL table or query result into a <see cref="Table"/> (integers, reals and text; other
/// types as text), through <see cref="DatabaseTarget"/>, the one database reader.
/// </summary>
public static class PostgresTableReader
{
    /// <summary>Reads a whole table.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…</c>).</param>
    /// <param name="tableName">The table, as the database spells it.</param>
    /// <param name="ct">Cancels the read.</param>
    public static async Task<Table> ReadTableAsync(string connectionString, string tableName, CancellationToken ct = default)
    {
        await using var target = DatabaseTarget.Of(connectionString);
        return await target.ReadTableAsync(tableName, ct).ConfigureAwait(false);
    }

    /// <summary>Runs a query and reads its result.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…</c>).</param>
    /// <param name="sql">The query.</param>
    /// <param name="ct">Cancels the read.</param>
    public static async Task<Table> QueryAsync(string connectionString, string sql, CancellationToken ct = default)
    {
        await using var target = DatabaseTarget.Of(connectionString);
        return await target.QueryTableAsync(sql, ct).ConfigureAwait(false);
    }
}
