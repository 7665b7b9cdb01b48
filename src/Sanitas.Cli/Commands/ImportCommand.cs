using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Data;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas import</c>: loads a CSV file into a table of a SQLite database.</summary>
internal sealed class ImportCommand : Command
{
    private readonly Option<string> _input = new("--input", "-i") { Description = "The CSV file to import (header row; delimiter and column types detected).", Required = true };
    private readonly Option<string> _db = new("--db") { Description = "The database: a SQLite file (created if missing) or an Npgsql connection string (Host=...;Port=...;Username=...;Database=...).", Required = true };
    private readonly Option<string> _table = new("--table", "-t") { Description = "The table to create.", Required = true };
    private readonly Option<bool> _replace = new("--replace") { Description = "Replace the table if it exists (otherwise an existing table is refused and left untouched)." };

    public ImportCommand(ICliConsole console)
        : base("import", "Import a CSV file into a SQLite or PostgreSQL table, in one transaction.")
    {
        Options.Add(_input);
        Options.Add(_db);
        Options.Add(_table);
        Options.Add(_replace);
        SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            var db = parse.GetValue(_db)!;
            var postgres = Sanitas.Privacy.BudgetLedger.IsPostgres(db);
            var tableName = parse.GetValue(_table)!;
            var created = !postgres && !File.Exists(db);
            try
            {
                var table = console.RunWithProgress("Importing", progress =>
                {
                    var read = CsvReader.ReadAsync(parse.GetValue(_input)!, CsvOptions.Default with { Progress = new ActionProgress<double>(f => progress.Report(f / 2)) }, ct).GetAwaiter().GetResult();
                    var writeProgress = new ActionProgress<double>(f => progress.Report(0.5 + (f / 2)));
                    if (postgres)
                    {
                        PostgresTableWriter.WriteAsync(read, db, tableName, parse.GetValue(_replace), writeProgress, ct).GetAwaiter().GetResult();
                    }
                    else
                    {
                        var options = new SqliteWriteOptions { Replace = parse.GetValue(_replace), Progress = writeProgress };
                        SqliteTableWriter.WriteAsync(read, db, tableName, options, ct).GetAwaiter().GetResult();
                    }
                    return read;
                });
                var types = string.Join(", ", table.Columns.Select(c => $"{c.Name} {c.Type}"));
                console.WriteLine($"Imported {table.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows into table '{tableName}' of {(postgres ? "the PostgreSQL database" : Path.GetFullPath(db))}{(created ? " (created)" : "")} ({types}).");
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
