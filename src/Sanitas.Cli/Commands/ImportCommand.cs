using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Data;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas import</c>: loads a CSV file into a table of a SQLite or PostgreSQL database, optionally with a primary key and indexes.</summary>
internal sealed class ImportCommand : Command
{
    private readonly Option<string> _input = new("--input", "-i") { Description = "The CSV file to import (header row; delimiter and column types detected).", Required = true };
    private readonly Option<string> _db = new("--db") { Description = "The database: a SQLite file (created if missing) or an Npgsql connection string (Host=...;Port=...;Username=...;Database=...).", Required = true };
    private readonly Option<string> _table = new("--table", "-t") { Description = "The table to create.", Required = true };
    private readonly Option<bool> _replace = new("--replace") { Description = "Replace the table if it exists (otherwise an existing table is refused and left untouched)." };
    private readonly Option<string?> _primaryKey = new("--primary-key") { Description = "A column to declare PRIMARY KEY (its values must be unique and not missing)." };
    private readonly Option<string[]> _index = new("--index") { Description = "A column to index, such as the privacy-unit column of a table with many rows per person (repeat for several).", AllowMultipleArgumentsPerToken = false };

    public ImportCommand(ICliConsole console)
        : base("import", "Import a CSV file into a SQLite or PostgreSQL table, in one transaction.")
    {
        Options.Add(_input);
        Options.Add(_db);
        Options.Add(_table);
        Options.Add(_replace);
        Options.Add(_primaryKey);
        Options.Add(_index);
        SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            var db = parse.GetValue(_db)!;
            var postgres = DatabaseTarget.IsPostgreSql(db);
            var tableName = parse.GetValue(_table)!;
            var created = !postgres && !File.Exists(db);
            try
            {
                var table = console.RunWithProgress("Importing", progress =>
                {
                    var read = CsvReader.ReadAsync(parse.GetValue(_input)!, CsvOptions.Default with { Progress = new ActionProgress<double>(f => progress.Report(f / 2)) }, ct).GetAwaiter().GetResult();
                    var writeProgress = new ActionProgress<double>(f => progress.Report(0.5 + (f / 2)));
                    var options = new SqliteWriteOptions
                    {
                        Replace = parse.GetValue(_replace),
                        PrimaryKey = parse.GetValue(_primaryKey),
                        IndexedColumns = parse.GetValue(_index) ?? [],
                        Progress = writeProgress,
                    };
                    if (postgres)
                    {
                        PostgresTableWriter.WriteAsync(read, db, tableName, options, ct).GetAwaiter().GetResult();
                    }
                    else
                    {
                        SqliteTableWriter.WriteAsync(read, db, tableName, options, ct).GetAwaiter().GetResult();
                    }
                    return read;
                });
                var types = string.Join(", ", table.Columns.Select(c => $"{c.Name} {c.Type}"));
                var keys = string.Concat((parse.GetValue(_primaryKey) is { } key ? [$"primary key {key}"] : Array.Empty<string>())
                    .Concat((parse.GetValue(_index) ?? []).Select(c => $"index on {c}")).Select(k => "; " + k));
                console.WriteLine($"Imported {table.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows into table '{tableName}' of {(postgres ? "the PostgreSQL database" : Path.GetFullPath(db))}{(created ? " (created)" : "")} ({types}{keys}).");
                return ExitCodes.Success;
            }
            catch (SqliteTableExistsException e)
            {
                console.WriteError($"Table '{e.TableName}' already exists in {db}; it was left untouched. Add --replace to overwrite it.");
                return ExitCodes.InvalidInput;
            }
        }), CancellationToken.None));
    }
}
