using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Samples;
using Sanitas.Tests.Support;

namespace Sanitas.Tests.Cli;

/// <summary><c>sanitas train --db DB --table T</c>: the analyst's training without the raw file, charged to the database's ledger.</summary>
public sealed class TrainDatabaseCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-train-db-").FullName;
    private readonly ClinicalTrialFiles _trial;
    private readonly string _bounds = Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-patients-bounds.yaml");

    public TrainDatabaseCommandTests()
    {
        _trial = ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 60 }, _folder).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private (int ExitCode, string Output, string Error) Train(params string[] extra) =>
        CliRunner.Run(["train", "--target", "UlcerHistory", "--model", "logistic",
            .. extra.Contains("--features") ? Array.Empty<string>() : ["--features", "Age,Sex,DiabetesType,NeuropathyScore"], "--mechanism", "output", "--epsilon", "0.3", "--bounds", _bounds, "--analyst", "alice", "--out", Path.Combine(_folder, "m.json"), .. extra]);

    private double Spent() =>
        JsonDocument.Parse(CliRunner.Run("budget", "show", "--db", _trial.Database, "--analyst", "alice", "--format", "json").Output).RootElement.GetProperty("epsilonSpent").GetDouble();

    [Fact]
    public void A_table_of_the_database_trains_with_the_person_column_of_the_DP_metadata_and_charges_the_same_budget_as_queries()
    {
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "1").ExitCode);
        var (code, output, error) = Train("--db", _trial.Database, "--table", "Patients", "--metadata", _trial.Metadata, "--missing", "drop");
        Assert.True(code == 0, error);
        Assert.Contains("Charged ε = 0.3, δ = 0 to 'alice' on 'trial'", output);
        Assert.Contains("(dp-estimate)", output);
        Assert.Equal(0.3, Spent(), 12);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "m.json")));
        Assert.True(json.RootElement.GetProperty("private").GetBoolean());
    }

    [Theory]
    [InlineData(new[] { "--db", "DB" }, "--db and --table go together")]
    [InlineData(new[] { "--db", "DB", "--table", "Patients", "--input", "CSV" }, "Give either --input FILE or --db with --table, not both")]
    [InlineData(new[] { "--db", "DB", "--table", "Nope" }, "no such table: Nope")]
    [InlineData(new[] { "--db", "DB", "--table", "Patients", "--metadata", "META", "--unit", "Sex" }, "--unit Sex contradicts trial.yaml, whose privacyUnit of 'Patients' is PatientId")]
    [InlineData(new[] { "--db", "DB", "--table", "Patients", "--missing", "impute-public", "--features", "Age,BirthDate" }, "--missing impute-public: column 'BirthDate' has no declared bounds")]
    [InlineData(new string[0], "give --input FILE (a CSV file) or --db DB with --table T")]
    public void Bad_requests_exit_2_before_anything_is_charged(string[] extra, string message)
    {
        CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "1");
        string[] args = [.. extra.Select(a => a switch { "DB" => _trial.Database, "CSV" => _trial.PatientsCsv, "META" => _trial.Metadata, _ => a })];
        var (code, _, error) = Train(args);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(message, error);
        Assert.Equal(0.0, Spent());
        Assert.False(File.Exists(Path.Combine(_folder, "m.json")));
    }
}
