namespace Sanitas.Data;

/// <summary>How <see cref="SqliteTableWriter"/> stores a <see cref="Table"/> in a SQLite database.</summary>
public sealed record SqliteWriteOptions
{
    /// <summary>The default options: refuse an existing table, no key, no index.</summary>
    public static SqliteWriteOptions Default { get; } = new();

    /// <summary>Whether an existing table of the same name is replaced; otherwise writing to it is refused.</summary>
    public bool Replace { get; init; }

    /// <summary>The column declared <c>PRIMARY KEY</c>, or <see langword="null"/> for none.</summary>
    public string? PrimaryKey { get; init; }

    /// <summary>Columns that each get an index (<c>CREATE INDEX</c>), such as the privacy-unit column of a many-rows-per-person table.</summary>
    public IReadOnlyList<string> IndexedColumns { get; init; } = [];

    /// <summary>Receives the fraction of rows inserted so far, from 0 to 1.</summary>
    public IProgress<double>? Progress { get; init; }
}
