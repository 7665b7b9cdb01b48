using System.Text;
using Microsoft.Data.Sqlite;
using Sanitas.Data;

namespace Sanitas.Samples;

/// <summary>
/// Writes a simulated trial into a folder: <c>patients.csv</c>, <c>comorbidities.csv</c>,
/// <c>readings.csv</c>, the SQLite database <c>trial.sqlite</c> (tables Patients with primary key
/// PatientId, Comorbidities, Readings with an index on PatientId) and its metadata <c>trial.yaml</c>.
/// Everything is first written into a hidden staging folder beside the targets and moved into
/// place only when all files are complete, so a failure or cancellation leaves no half-written file.
/// </summary>
public static class ClinicalTrialWriter
{
    /// <summary>The database file name.</summary>
    public const string DatabaseFileName = "trial.sqlite";

    // Shares of the overall progress: simulation, CSV files, SQLite database.
    private const double SimulationShare = 0.3;
    private const double CsvShare = 0.3;

    /// <summary>Simulates a trial and writes it into a folder.</summary>
    /// <param name="options">Size and seed of the simulation.</param>
    /// <param name="directory">The folder, created if needed; files of the same names are replaced.</param>
    /// <param name="progress">Receives the fraction of the work done, from 0 to 1.</param>
    /// <param name="ct">Cancels the work; nothing is then written.</param>
    public static Task<ClinicalTrialFiles> WriteAsync(ClinicalTrialOptions options, string directory, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var trial = ClinicalTrialGenerator.Generate(options, Scaled(progress, 0, SimulationShare), ct);
        return WriteAsync(trial, directory, Scaled(progress, SimulationShare, 1), ct);
    }

    /// <summary>Writes a simulated trial into a folder.</summary>
    /// <param name="trial">The trial.</param>
    /// <param name="directory">The folder, created if needed; files of the same names are replaced.</param>
    /// <param name="progress">Receives the fraction of the work done, from 0 to 1.</param>
    /// <param name="ct">Cancels the work; nothing is then written.</param>
    public static async Task<ClinicalTrialFiles> WriteAsync(ClinicalTrial trial, string directory, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var target = Directory.CreateDirectory(directory).FullName;
        var staging = Directory.CreateDirectory(Path.Combine(target, $".sanitas-trial-{Guid.NewGuid():N}")).FullName;
        try
        {
            var csv = new (Table Table, string Name)[]
            {
                (trial.Patients, "patients.csv"),
                (trial.Comorbidities, "comorbidities.csv"),
                (trial.Readings, "readings.csv"),
            };
            var csvShare = CsvShare / (1 - SimulationShare);
            var done = 0.0;
            var cells = csv.Sum(c => (double)c.Table.RowCount * c.Table.Columns.Count);
            foreach (var (table, name) in csv)
            {
                await CsvWriter.WriteAsync(table, Path.Combine(staging, name), ct: ct).ConfigureAwait(false);
                done += table.RowCount * table.Columns.Count / cells;
                progress?.Report(done * csvShare);
            }
            await WriteDatabaseAsync(trial, Path.Combine(staging, DatabaseFileName), Scaled(progress, csvShare, 1), ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(staging, ClinicalTrialMetadata.FileName), ClinicalTrialMetadata.ToYaml(trial.Options), new UTF8Encoding(false), ct).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();

            string[] names = [.. csv.Select(c => c.Name), DatabaseFileName, ClinicalTrialMetadata.FileName];
            foreach (var name in names)
            {
                File.Move(Path.Combine(staging, name), Path.Combine(target, name), overwrite: true);
            }
            progress?.Report(1.0);
            return new ClinicalTrialFiles(
                Path.Combine(target, "patients.csv"), Path.Combine(target, "comorbidities.csv"), Path.Combine(target, "readings.csv"),
                Path.Combine(target, DatabaseFileName), Path.Combine(target, ClinicalTrialMetadata.FileName),
                trial.Patients.RowCount, trial.Comorbidities.RowCount, trial.Readings.RowCount);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static async Task WriteDatabaseAsync(ClinicalTrial trial, string path, IProgress<double>? progress, CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            var total = (double)trial.Patients.RowCount + trial.Comorbidities.RowCount + trial.Readings.RowCount;
            var before = 0.0;
            async Task WriteAsync(Table table, string name, SqliteWriteOptions options)
            {
                var share = table.RowCount / total;
                var start = before;
                await SqliteTableWriter.WriteAsync(table, connection, name, options with { Progress = Scaled(progress, start, start + share) }, ct).ConfigureAwait(false);
                before += share;
            }
            await WriteAsync(trial.Patients, ClinicalTrial.PatientsTable, new SqliteWriteOptions { PrimaryKey = ClinicalTrial.PatientIdColumn }).ConfigureAwait(false);
            await WriteAsync(trial.Comorbidities, ClinicalTrial.ComorbiditiesTable, new SqliteWriteOptions { IndexedColumns = [ClinicalTrial.PatientIdColumn] }).ConfigureAwait(false);
            await WriteAsync(trial.Readings, ClinicalTrial.ReadingsTable, new SqliteWriteOptions { IndexedColumns = [ClinicalTrial.PatientIdColumn] }).ConfigureAwait(false);
        }
    }

    private static Progress? Scaled(IProgress<double>? progress, double from, double to) =>
        progress is null ? null : new Progress(fraction => progress.Report(from + ((to - from) * fraction)));

    /// <summary>Calls back synchronously, so that scaled reports stay in order.</summary>
    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
