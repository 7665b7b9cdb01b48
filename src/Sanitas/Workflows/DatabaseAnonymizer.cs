using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Data;

namespace Sanitas.Workflows;

/// <summary>
/// Anonymizes a SQLite or PostgreSQL table without loading it: the search needs only the
/// distinct tuples of the quasi-identifiers and sensitive attributes with their counts, which
/// the database computes as <c>SELECT …, COUNT(*) … GROUP BY …</c> (pushed down); every
/// transformation's equivalence classes are then rolled up from these counts in memory, exactly
/// as from the rows. Without push-down the rows are streamed and counted here. The anonymized
/// table is written to CSV while <c>SELECT *</c> streams the rows a second time, or, when the rows were counted
/// here and every column is a quasi-identifier (or dropped), from the tuples the first pass remembered. Output and
/// report go through temporary files renamed into place at the end. Progress arrives phase by phase (reading: the rows
/// counted or covered by the groups so far of <c>COUNT(*)</c>; searching; writing), every 64k rows read, and cancellation is
/// checked as often; a query still running in the database (the GROUP BY before its first group) is interrupted.
/// </summary>
public static class DatabaseAnonymizer
{
    /// <summary>
    /// From this many rows on, the counting is pushed down to a PostgreSQL database unless told otherwise (its
    /// hash aggregate saves sending every row). SQLite counts here by default: its GROUP BY sorts, and reading the
    /// rows raw is cheaper (10M Adult-shaped rows: 43.8 s CPU counted here against 48.1 s pushed down).
    /// </summary>
    public const long PushDownThresholdRows = 1_000_000;

    /// <summary>Reads, anonymizes, and writes the output CSV and the report.</summary>
    /// <param name="configPath">The YAML configuration (its <c>input</c> is ignored).</param>
    /// <param name="database">A SQLite file path, or an Npgsql connection string (Host=…;Port=…;Username=…;Database=…).</param>
    /// <param name="tableName">The table to anonymize.</param>
    /// <param name="outputPath">Where to write the anonymized CSV, or <see langword="null"/> for the configuration's <c>output</c>.</param>
    /// <param name="reportPath">Where to write the JSON report (default: the configuration's <c>report</c>, else the output with extension <c>.report.json</c>).</param>
    /// <param name="pushDown">Count tuples in the database with GROUP BY (true), here (false), or by default (null): PostgreSQL from <see cref="PushDownThresholdRows"/> rows on, SQLite never.</param>
    /// <param name="progress">Receives progress phase by phase (see <see cref="AnonymizationProgress"/>), on the calling thread.</param>
    /// <param name="cancellationToken">Cancels the work in any phase, interrupting a running query; nothing is written then.</param>
    /// <exception cref="SanitasDataException">The database or table cannot be read.</exception>
    /// <exception cref="ConfigException">The configuration is invalid or does not fit the table.</exception>
    /// <exception cref="AnonymizationException">No transformation satisfies the models.</exception>
    /// <exception cref="InvalidOptionException">No output is given, or the output and report are the same file.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled; nothing was written.</exception>
    public static AnonymizationReport Run(string configPath, string database, string tableName, string? outputPath, string? reportPath = null,
        bool? pushDown = null, IProgress<AnonymizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var phases = new PhaseReporter(progress);
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        ArgumentException.ThrowIfNullOrEmpty(database);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        var loaded = AnonymizationConfigLoader.Load(configPath);
        var output = Path.GetFullPath(outputPath ?? loaded.Output ?? throw new InvalidOptionException($"No output file: give one, or set 'output' in {configPath}."));
        var report = Path.GetFullPath(reportPath ?? loaded.Report ?? Path.ChangeExtension(output, ".report.json"));
        if (string.Equals(output, report, StringComparison.Ordinal))
        {
            throw new InvalidOptionException($"The output and report must be different files ({output}).");
        }
        using var target = DatabaseTarget.Of(database);
        var postgres = target.Kind == DatabaseKind.PostgreSql;
        var source = postgres ? $"table '{tableName}' of the PostgreSQL database" : $"table '{tableName}' of {Path.GetFileName(database)}";
        using var connection = Open(target, cancellationToken);
        var quoted = SqlDialect.QuoteIdentifier(tableName);
        var names = Columns(connection, quoted, source);

        var grouped = loaded.Attributes.Where(a => a.Role is AttributeRole.QuasiIdentifying or AttributeRole.Sensitive).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var declared = loaded.Attributes.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var collector = new DistinctTupleCollector(grouped, declared, CsvOptions.Default);
        collector.Begin(names);
        var groupedNames = names.Where(grouped.Contains).ToArray();
        var select = string.Join(", ", groupedNames.Select(SqlDialect.QuoteIdentifier));
        var rows = Count(connection, quoted, source, cancellationToken);
        var push = pushDown ?? (postgres && rows >= PushDownThresholdRows);
        var sql = groupedNames.Length == 0 ? $"SELECT COUNT(*) FROM {quoted}"
            : push ? $"SELECT {select}, COUNT(*) FROM {quoted} GROUP BY {select}"
            : $"SELECT {select} FROM {quoted}";
        var positions = groupedNames.Select(n => Array.IndexOf(names, n)).ToArray();
        var rowsReader = new RowsReader(connection, source, names.Length + 1, cancellationToken);
        long covered = 0;
        phases.Report(AnonymizationPhase.Reading, 0, 0, rows);
        var counted = push || groupedNames.Length == 0;
        // Every output column generalized (or dropped): each row's output is a function of its tuple, so the first pass
        // remembers the tuples (4 bytes a row) and the output is written from them without reading the table again.
        var onePass = !counted && names.All(n => loaded.Attributes.FirstOrDefault(a => a.Name == n)?.Role is AttributeRole.Identifying or AttributeRole.QuasiIdentifying);
        rowsReader.Read(sql, counted ? [.. positions, names.Length] : positions, () => phases.Report(AnonymizationPhase.Reading, (double)covered / Math.Max(1, rows), covered, rows), fields =>
        {
            var count = counted ? long.Parse(fields.FieldText(names.Length), NumberStyles.Integer, CultureInfo.InvariantCulture) : 1;
            if (count > 0)
            {
                collector.Add(fields, count, keepRow: onePass);
                covered += count;
            }
        });
        phases.End(AnonymizationPhase.Reading, covered, covered);
        var table = collector.Build();
        var config = loaded.ResolveGrouped(table.Table, tableName, table.Records);
        var outcome = Anonymizer.Search(table.Table, config, table.Multiplicities, phases.Searching(table.Records), cancellationToken);
        phases.End(AnonymizationPhase.Searching, table.Records, table.Records);
        var anonymizationReport = AnonymizationReport.Create(outcome.Result, config, source, output) with { ReportPath = report, Records = table.Records };
        StreamedRelease.Write(outcome, config, collector, loaded.Delimiter ?? ',', output, report, anonymizationReport, phases, pass2 =>
        {
            if (onePass)
            {
                pass2.WriteAll(names);
                return;
            }
            pass2.Begin(names);
            int[] all = [.. Enumerable.Range(0, names.Length)];
            rowsReader.Read($"SELECT * FROM {quoted}", all, null, fields =>
            {
                var t = collector.Find(fields);
                if (t < 0)
                {
                    throw new IOException($"The {source} changed while it was anonymized; nothing was written.");
                }
                pass2.WriteRecord(t, fields);
            });
            if (pass2.Rows != table.Records)
            {
                throw new IOException($"The {source} changed while it was anonymized ({table.Records:N0} records counted, {pass2.Rows:N0} read); nothing was written.");
            }
        }, cancellationToken);
        return anonymizationReport;
    }

    /// <summary>A database value as the CSV reader would hold its text: NULL as missing, numbers in the invariant culture (reals round-trip).</summary>
    internal static string? Format(object value) => value switch
    {
        DBNull => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("o", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Opens the database for reading through its <see cref="DatabaseTarget"/>; a failure to connect is a data error naming it.</summary>
    private static DbConnection Open(DatabaseTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return target.OpenReadConnectionAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is DbException or ArgumentException)
        {
            throw new SanitasDataException($"Cannot open the database {(target.Kind == DatabaseKind.PostgreSql ? "(PostgreSQL)" : target.Database)}: {e.Message}", e);
        }
    }

    private static string[] Columns(DbConnection connection, string quoted, string source)
    {
        string[] names = [];
        Read(connection, $"SELECT * FROM {quoted} WHERE 1 = 0", source, CancellationToken.None, null, _ => { }, reader => names = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)]);
        return names;
    }

    private static long Count(DbConnection connection, string quoted, string source, CancellationToken cancellationToken)
    {
        long count = 0;
        Read(connection, $"SELECT COUNT(*) FROM {quoted}", source, cancellationToken, null, reader => count = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        return count;
    }

    /// <summary>
    /// Runs a query and hands each row to <paramref name="row"/>; every <see cref="PhaseReporter.Stride"/> rows calls
    /// <paramref name="stride"/> and checks for cancellation. A cancellation while the database still works on the
    /// query (a GROUP BY returns nothing until it has counted) interrupts it: SQLite through <c>sqlite3_interrupt</c>,
    /// PostgreSQL through its cancel request.
    /// </summary>
    internal static void Read(DbConnection connection, string sql, string source, CancellationToken cancellationToken, Action? stride, Action<DbDataReader> row,
        Action<DbDataReader>? start = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var interrupt = Interrupt(connection, command, cancellationToken);
            using var reader = command.ExecuteReader();
            start?.Invoke(reader);
            long rows = 0;
            while (reader.Read())
            {
                row(reader);
                if ((++rows & PhaseReporter.StrideMask) == 0)
                {
                    stride?.Invoke();
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException && cancellationToken.IsCancellationRequested)
        {
            // The interrupted query's error (SQLite: "interrupted"; Npgsql: a cancelled statement) is the cancellation.
            throw new OperationCanceledException("The query was interrupted by a cancellation.", e, cancellationToken);
        }
        catch (DbException e)
        {
            throw new SanitasDataException($"Cannot read the {source}: {e.Message}", e);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Interrupts <paramref name="command"/> when <paramref name="cancellationToken"/> is cancelled (SqliteCommand.Cancel does nothing, so SQLite is interrupted on its handle).</summary>
    private static CancellationTokenRegistration Interrupt(DbConnection connection, DbCommand command, CancellationToken cancellationToken) =>
        !cancellationToken.CanBeCanceled ? default
        : connection is SqliteConnection sqlite ? cancellationToken.Register(static state =>
        {
            if (((SqliteConnection)state!).Handle is { } handle)
            {
                SQLitePCL.raw.sqlite3_interrupt(handle);
            }
        }, sqlite)
        : cancellationToken.Register(static state => ((DbCommand)state!).Cancel(), command);

    /// <summary>
    /// Streams a query's rows as text fields: SQLite through <see cref="SqliteRawRows"/> (no allocation a row),
    /// other databases through ADO.NET and <see cref="Format"/>.
    /// </summary>
    private sealed class RowsReader(DbConnection connection, string source, int fieldCount, CancellationToken cancellationToken)
    {
        private readonly SqliteRawRows? _sqlite = connection is SqliteConnection ? new SqliteRawRows(fieldCount) : null;
        private readonly RowFields _fields = new(fieldCount);

        /// <summary>Runs <paramref name="sql"/>; result column k fills field <paramref name="targets"/>[k].</summary>
        public void Read(string sql, int[] targets, Action? stride, Action<IRecordFields> row)
        {
            if (_sqlite is not null)
            {
                _sqlite.Read((SqliteConnection)connection, sql, source, targets, cancellationToken, stride, row);
                return;
            }
            Array.Clear(_fields.Values);
            DatabaseAnonymizer.Read(connection, sql, source, cancellationToken, stride, reader =>
            {
                for (var k = 0; k < targets.Length; k++)
                {
                    _fields.Values[targets[k]] = Format(reader.GetValue(k));
                }
                row(_fields);
            });
        }
    }

    /// <summary>The current database row's values as text, by column position.</summary>
    private sealed class RowFields(int count) : IRecordFields
    {
        public string?[] Values { get; } = new string?[count];

        public ReadOnlySpan<char> FieldText(int i) => Values[i];
    }
}
