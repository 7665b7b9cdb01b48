namespace Sanitas.Data;

/// <summary>
/// A table was to be written into a SQLite database that already holds a table of that name,
/// and replacing it was not asked for. Nothing was changed.
/// </summary>
public sealed class SqliteTableExistsException : SanitasDataException
{
    /// <summary>Creates the exception for a table in a database.</summary>
    /// <param name="database">The database file (or connection data source).</param>
    /// <param name="tableName">The table that exists.</param>
    public SqliteTableExistsException(string database, string tableName)
        : base($"Table '{tableName}' already exists in {database}; it was left untouched (replace it explicitly to overwrite it).")
    {
        Database = database;
        TableName = tableName;
    }

    /// <summary>The database file (or connection data source).</summary>
    public string Database { get; }

    /// <summary>The table that exists.</summary>
    public string TableName { get; }
}
