using Sanitas.Data;

namespace Sanitas.Learning;

/// <summary>
/// Where a training run reads its rows: a CSV file, or a table of a SQLite or PostgreSQL database (the
/// analyst setting, without the raw file). Before the charge only the column names are read (the file's
/// header, the table's schema through a query that returns no row); after it, the rows — from a table,
/// only the used columns.
/// </summary>
internal sealed class TrainingInput
{
    private TrainingInput(string? path, string? database, string? table)
    {
        (Path, Database, TableName) = (path, database, table);
    }

    /// <summary>The CSV file, or null for a table.</summary>
    public string? Path { get; }

    /// <summary>The database (SQLite path or Npgsql connection string), or null for a file.</summary>
    public string? Database { get; }

    /// <summary>The table, or null for a file.</summary>
    public string? TableName { get; }

    /// <summary>The input's name in messages and the ledger's description (a file name, or "table T"); never a connection string.</summary>
    public string Name => TableName is null ? System.IO.Path.GetFileName(Path!) : $"table '{TableName}'";

    /// <summary>The input of a request: its database table when given, else its CSV file.</summary>
    /// <exception cref="LearningException">A database without a table or the reverse, or both a file and a table.</exception>
    public static TrainingInput Of(TrainingRequest request)
    {
        if (request.Database is null && request.Table is null)
        {
            return string.IsNullOrEmpty(request.Input)
                ? throw new LearningException("Training needs its rows: give `input` FILE (a CSV file) or `database` DB with `table` T.")
                : new TrainingInput(request.Input, null, null);
        }
        if (string.IsNullOrWhiteSpace(request.Database) || string.IsNullOrWhiteSpace(request.Table))
        {
            throw new LearningException("`database` and `table` go together: the database (a SQLite file or an Npgsql connection string) and the table in it to train from.");
        }
        if (!string.IsNullOrEmpty(request.Input))
        {
            throw new LearningException("Give either `input` FILE or `database` with `table`, not both.");
        }
        if (request.Pivot is not null)
        {
            throw new LearningException("`pivot` reads a long readings file (such as the trial's readings.csv); it does not apply to a database table.");
        }
        return new TrainingInput(null, request.Database, request.Table);
    }

    /// <summary>The column names, without reading any row.</summary>
    /// <exception cref="SanitasDataException">The file is empty, or the database or table does not exist.</exception>
    public async Task<IReadOnlyList<string>> ColumnNamesAsync(CancellationToken ct)
    {
        if (TableName is null)
        {
            return await CsvReader.ReadHeaderAsync(Path!, ct).ConfigureAwait(false);
        }
        await using var target = DatabaseTarget.Of(Database!);
        // A query that selects no row: the schema only (metadata, read before the charge).
        var empty = await target.QueryTableAsync($"SELECT * FROM {SqlDialect.QuoteIdentifier(TableName)} WHERE 1 = 0", ct).ConfigureAwait(false);
        return [.. empty.ColumnNames];
    }

    /// <summary>Reads the rows: the whole file, or only <paramref name="columns"/> of the table.</summary>
    public async Task<Table> ReadAsync(IReadOnlyList<string> columns, CancellationToken ct)
    {
        if (TableName is null)
        {
            return await CsvReader.ReadAsync(Path!, null, ct).ConfigureAwait(false);
        }
        await using var target = DatabaseTarget.Of(Database!);
        var select = string.Join(", ", columns.Distinct(StringComparer.Ordinal).Select(SqlDialect.QuoteIdentifier));
        return await target.QueryTableAsync($"SELECT {select} FROM {SqlDialect.QuoteIdentifier(TableName)}", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Where a data row is, for an error of not-private training (the data owner's own data, nothing
    /// charged): "patients.csv, line 13" (found by reading the file again), or "table 'T', row 12 of the read".
    /// </summary>
    public string PlaceOf(int row)
    {
        if (TableName is not null)
        {
            return $"{Name}, row {row + 1} of the read";
        }
        var finder = new CsvLineFinder(row);
        CsvReader.Stream(Path!, CsvOptions.Default, finder, CancellationToken.None);
        return finder.Line is { } line ? $"{Name}, line {line}" : $"{Name}, data row {row + 1}";
    }

    /// <summary>Streams a CSV file and keeps the first line of one data row (an error path: the whole file is read).</summary>
    private sealed class CsvLineFinder(int row) : ICsvRecordSink
    {
        private int _seen;

        public int? Line { get; private set; }

        public void Header(CsvParser parser, string[] names)
        {
        }

        public void Record(CsvParser parser)
        {
            if (_seen++ == row)
            {
                Line = parser.FieldCount > 0 ? parser.FieldLine(0) : parser.Line;
            }
        }
    }
}
