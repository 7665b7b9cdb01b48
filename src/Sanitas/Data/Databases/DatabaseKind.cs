namespace Sanitas.Data;

/// <summary>The SQL engines a <see cref="DatabaseTarget"/> can be.</summary>
public enum DatabaseKind
{
    /// <summary>A SQLite database file.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database reached by an Npgsql connection string.</summary>
    PostgreSql,
}
