using Sanitas.Data;

namespace Sanitas.Query;

/// <summary>Loads tables from a database named as on the command line: a SQLite file path or an Npgsql connection string.</summary>
public static class DatabaseTables
{
    /// <summary>Reads the named tables whole (the in-memory DP engine's input).</summary>
    /// <param name="database">A SQLite file path or an Npgsql connection string (<c>Host=…</c>).</param>
    /// <param name="names">The table names (as the metadata spells them).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<IReadOnlyDictionary<string, Table>> LoadAsync(string database, IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        await using var target = DatabaseTarget.Of(database);
        var tables = new Dictionary<string, Table>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            tables[name] = await target.ReadTableAsync(name, cancellationToken).ConfigureAwait(false);
        }
        return tables;
    }
}
