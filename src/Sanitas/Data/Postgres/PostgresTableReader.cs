using System.Globalization;
using Npgsql;

namespace Sanitas.Data;

/// <summary>Reads a PostgreSQL table or query result into a <see cref="Table"/> (integers, reals and text; other types as text).</summary>
public static class PostgresTableReader
{
    /// <summary>Reads a whole table.</summary>
    public static Task<Table> ReadTableAsync(string connectionString, string tableName, CancellationToken ct = default) =>
        QueryAsync(connectionString, $"SELECT * FROM {PostgresTableWriter.Quote(tableName)}", ct);

    /// <summary>Runs a query and reads its result.</summary>
    public static async Task<Table> QueryAsync(string connectionString, string sql, CancellationToken ct = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var count = reader.FieldCount;
        var types = Enumerable.Range(0, count).Select(i => reader.GetFieldType(i)).ToArray();
        var values = Enumerable.Range(0, count).Select(_ => new List<string?>()).ToArray();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            for (var i = 0; i < count; i++)
            {
                values[i].Add(reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i) is double d ? d.ToString("R", CultureInfo.InvariantCulture) : reader.GetValue(i), CultureInfo.InvariantCulture));
            }
        }
        return new Table(Enumerable.Range(0, count).Select(i => Column.FromValues(reader.GetName(i), values[i], TypeOf(types[i]))));
    }

    private static ColumnType TypeOf(Type type) =>
        type == typeof(long) || type == typeof(int) || type == typeof(short) ? ColumnType.Integer
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? ColumnType.Decimal
        : ColumnType.Text;
}
