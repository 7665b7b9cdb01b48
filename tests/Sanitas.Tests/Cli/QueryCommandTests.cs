using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Data;
using Sanitas.Query;
using Sanitas.Samples;

namespace Sanitas.Tests.Cli;

public sealed class QueryCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-query-").FullName;
    private readonly ClinicalTrialFiles _trial;

    public QueryCommandTests()
    {
        _trial = ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 24 }, _folder).GetAwaiter().GetResult();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int ExitCode, string Output, string Error) Query(string db, double epsilon, string sql, params string[] extra) =>
        CliRunner.Run(["query", "--db", db, "--metadata", _trial.Metadata, "--analyst", "alice", "--epsilon", epsilon.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra, sql]);

    [Fact]
    public void Answers_the_study_query_as_json_and_charges_the_budget()
    {
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "1").ExitCode);
        var (code, output, error) = Query(_trial.Database, 0.5, ClinicalTrial.StudyQuery, "--format", "json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["AgeGroup", "Disease", "count"], json.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(18 * 6, json.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal(18 * 6, json.RootElement.GetProperty("confidenceIntervals").GetArrayLength());
        Assert.Equal(0.5, json.RootElement.GetProperty("epsilonSpent").GetDouble());
        Assert.Equal(0.5, json.RootElement.GetProperty("epsilonRemaining").GetDouble(), 12);
        // The library's answer shape, the same keys the service's query endpoint writes.
        Assert.Equal(["columns", "rows", "confidenceIntervals", "intervalUnits", "epsilonSpent", "epsilonRemaining", "deltaSpent", "deltaRemaining", "releaseThreshold"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_private_group_key_needs_delta_and_charges_it()
    {
        // Disease declared private: its groups go through partition selection, which costs δ.
        var yaml = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(_trial.Metadata), @"Disease:\s*\{[^}]*\}", "Disease: { type: text, private: true }");
        var metadata = Path.Combine(_folder, "private.yaml");
        File.WriteAllText(metadata, yaml);
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "2", "--delta", "1e-5").ExitCode);
        const string sql = "SELECT Disease, COUNT(*) FROM Patients GROUP BY Disease";
        var refused = CliRunner.Run("query", "--db", _trial.Database, "--metadata", metadata, "--analyst", "alice", "--epsilon", "1", sql);
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("needs δ > 0 (sanitas query --delta", refused.Error);
        var (code, output, error) = CliRunner.Run("query", "--db", _trial.Database, "--metadata", metadata, "--analyst", "alice", "--epsilon", "1", "--delta", "1e-6", "--format", "json", sql);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1e-6, json.RootElement.GetProperty("deltaSpent").GetDouble());
        Assert.Equal(9e-6, json.RootElement.GetProperty("deltaRemaining").GetDouble(), 15);
        Assert.Equal(1.0, json.RootElement.GetProperty("epsilonRemaining").GetDouble(), 12);
        // 24 patients over six diseases: no disease reaches the threshold (τ > 24 at ε = 0.5, δ = 1e-6) —
        // what is released is a subset of the diseases, typically none.
        Assert.True(json.RootElement.GetProperty("rows").GetArrayLength() <= 6);
    }

    [Fact]
    public void Over_budget_exits_4_releases_nothing_and_charges_nothing()
    {
        CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "0.2");
        var (code, output, error) = Query(_trial.Database, 0.5, "SELECT Sex, COUNT(*) FROM Patients GROUP BY Sex");
        Assert.Equal(ExitCodes.BudgetExceeded, code);
        Assert.Empty(output);
        Assert.Contains("Nothing was charged or released", error);
        var show = CliRunner.Run("budget", "show", "--db", _trial.Database, "--analyst", "alice", "--format", "json");
        Assert.Equal(0.0, JsonDocument.Parse(show.Output).RootElement.GetProperty("epsilonSpent").GetDouble());
    }

    [Fact]
    public void An_analyst_without_budget_gets_no_answer()
    {
        var (code, output, error) = Query(_trial.Database, 0.1, "SELECT COUNT(*) FROM Patients");
        Assert.Equal(ExitCodes.BudgetExceeded, code);
        Assert.Empty(output);
        Assert.Contains("has no privacy budget", error);
    }

    [Theory]
    [InlineData("SELECT COUNT(* FROM Patients", "line 1, column 16")]
    [InlineData("SELECT SUM(PatientId) FROM Patients", "needs declared bounds")]
    [InlineData("SELECT Sex, COUNT(*) FROM Patients GROUP BY Sexx", "line 1, column 45")]
    public void Bad_or_unanswerable_sql_exits_2_and_charges_nothing(string sql, string message)
    {
        CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "1");
        var (code, _, error) = Query(_trial.Database, 0.1, sql);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(message, error);
        var show = CliRunner.Run("budget", "show", "--db", _trial.Database, "--analyst", "alice", "--format", "json");
        Assert.Equal(0.0, JsonDocument.Parse(show.Output).RootElement.GetProperty("epsilonSpent").GetDouble());
    }

    [PostgresFact]
    public async Task Imports_into_postgres_and_answers_there_with_the_same_exact_data()
    {
        var db = PostgresFactAttribute.RequireIsolated();
        foreach (var (file, table) in new[] { (_trial.PatientsCsv, "Patients"), (_trial.ReadingsCsv, "Readings") })
        {
            var import = CliRunner.Run("import", "--input", file, "--db", db, "--table", table, "--replace");
            Assert.True(import.ExitCode == 0, import.Error);
        }
        // The data read back from PostgreSQL gives the same exact aggregates as the CSV files.
        var fromPostgres = await DatabaseTables.LoadAsync(db, ["Patients", "Readings"]);
        var fromCsv = new Dictionary<string, Table> { ["Patients"] = CsvReader.Read(_trial.PatientsCsv), ["Readings"] = CsvReader.Read(_trial.ReadingsCsv) };
        const string Exact = "SELECT p.Arm, COUNT(*), AVG(r.Temperature), COUNT(DISTINCT r.PatientId) FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId GROUP BY p.Arm ORDER BY p.Arm";
        Assert.Equal(
            InMemoryEngine.Execute(Exact, fromCsv).Rows.Select(r => string.Join("|", r)),
            InMemoryEngine.Execute(Exact, fromPostgres).Rows.Select(r => string.Join("|", r)));

        var analyst = "alice-" + Guid.NewGuid().ToString("N");
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", db, "--analyst", analyst, "--epsilon", "1").ExitCode);
        var (code, output, error) = CliRunner.Run("query", "--db", db, "--metadata", _trial.Metadata, "--analyst", analyst, "--epsilon", "0.5", "--format", "json",
            "SELECT p.Arm, AVG(r.Temperature) FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId GROUP BY p.Arm");
        Assert.True(code == 0, error);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("rows").GetArrayLength());
        // A second import without --replace is refused and leaves the table as it was.
        var again = CliRunner.Run("import", "--input", _trial.PatientsCsv, "--db", db, "--table", "Patients");
        Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
        Assert.Contains("already exists", again.Error);
        Assert.Equal(24, (await DatabaseTables.LoadAsync(db, ["Patients"]))["Patients"].RowCount);
    }
}
