using System.Globalization;
using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Privacy;
using Sanitas.Samples;

namespace Sanitas.Tests.Cli;

/// <summary><c>sanitas query --explain</c>: cost and accuracy before spending; never touches the ledger or the data.</summary>
public sealed class QueryExplainCommandTests : IDisposable
{
    private const string ArmQuery = "SELECT Arm, COUNT(*), AVG(NeuropathyScore) FROM Patients GROUP BY Arm";
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-explain-cli-").FullName;
    private readonly ClinicalTrialFiles _trial;

    public QueryExplainCommandTests()
    {
        _trial = ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 24 }, _folder).GetAwaiter().GetResult();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int ExitCode, string Output, string Error) Query(double epsilon, string sql, params string[] extra) =>
        CliRunner.Run(["query", "--db", _trial.Database, "--metadata", _trial.Metadata, "--analyst", "alice", "--epsilon", epsilon.ToString(CultureInfo.InvariantCulture), .. extra, sql]);

    private async Task<(double Spent, int Entries)> Ledger()
    {
        var ledger = BudgetLedger.Open(_trial.Database, createIfMissing: true);
        var budget = await ledger.GetAsync("alice", "trial");
        return (budget?.EpsilonSpent ?? -1, (await ledger.GetEntriesAsync("alice")).Count);
    }

    [Fact]
    public void Explains_without_any_budget_as_a_table()
    {
        var (code, output, error) = Query(0.5, ArmQuery, "--explain");
        Assert.True(code == 0, error);
        Assert.Contains("Would cost ε 0.5; nothing charged, no data read.", output);
        Assert.Contains("Groups released: 2 = Arm (2 public values).", output);
        // COUNT(*) on Patients (R = 1) gets ε/3: b = 6, 95% half-width 6·ln 20 ≈ 17.97.
        var countRow = output.Split('\n').Single(l => l.Contains("COUNT(*)", StringComparison.Ordinal));
        Assert.Contains("| 6 ", countRow);
        Assert.Contains("± 17.974", countRow);
        Assert.Contains("AVG(NeuropathyScore): depends on the noisy count C", output);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Explains_with_an_exhausted_budget_and_leaves_the_ledger_untouched()
    {
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "0.3").ExitCode);
        Assert.Equal(0, Query(0.3, "SELECT COUNT(*) FROM Patients").ExitCode);
        var before = await Ledger();
        Assert.Equal((0.3, 1), before);
        Assert.Equal(ExitCodes.BudgetExceeded, Query(0.5, ArmQuery).ExitCode);      // the real query is refused
        var (code, output, error) = Query(0.5, ArmQuery, "--explain", "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(0.5, JsonDocument.Parse(output).RootElement.GetProperty("epsilon").GetDouble());
        Assert.Equal(before, await Ledger());
    }

    [Fact]
    public void Json_has_stable_camel_case_names_and_the_engines_numbers()
    {
        var (code, output, error) = Query(0.5, ClinicalTrial.StudyQuery, "--explain", "--format", "json");
        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["privacyUnit", "maxRowsPerUnit", "maxGroupsPerUnit", "epsilon", "delta", "selectionEpsilon", "groupCount", "keys", "aggregates", "selectionThreshold", "maxRowsPerGroup", "maxContributedRows", "bounding"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(108, root.GetProperty("groupCount").GetInt64());
        Assert.Equal(["AgeGroup", "Disease"], root.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("expression").GetString()));
        Assert.Equal(["expression", "isPrivate", "domainSize"], root.GetProperty("keys")[0].EnumerateObject().Select(p => p.Name));
        var count = root.GetProperty("aggregates")[0];
        Assert.Equal(["function", "lower", "upper", "sensitivity", "epsilon", "noises", "halfWidth", "intervalUnits", "interval"], count.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["releases", "mechanism", "sensitivity", "epsilon", "scale", "gridStep", "candidates", "confidence", "halfWidth"],
            count.GetProperty("noises")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("COUNT(*)", count.GetProperty("function").GetString());
        Assert.Equal(new LaplaceMechanism(1, 0.5).ConfidenceHalfWidth(), count.GetProperty("halfWidth").GetDouble());
        Assert.Equal("laplace", count.GetProperty("noises")[0].GetProperty("mechanism").GetString());
    }

    [Theory]
    [InlineData("SELECT COUNT(* FROM Patients", "line 1, column 16")]
    [InlineData("SELECT SUM(PatientId) FROM Patients", "needs declared bounds")]
    [InlineData("SELECT Sex, COUNT(*) FROM Patients GROUP BY Sexx", "line 1, column 45")]
    public async Task Bad_sql_fails_exactly_as_a_real_query_and_charges_nothing(string sql, string message)
    {
        CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "1");
        var explained = Query(0.1, sql, "--explain");
        var real = Query(0.1, sql);
        Assert.Equal(ExitCodes.InvalidInput, explained.ExitCode);
        Assert.Equal((real.ExitCode, real.Error), (explained.ExitCode, explained.Error));
        Assert.Contains(message, explained.Error);
        Assert.Empty(explained.Output);
        Assert.Equal((0.0, 0), await Ledger());
    }

    [Fact]
    public async Task A_query_the_database_rejects_fails_exactly_as_a_real_query()
    {
        // A table the metadata declares but the database lacks: refused by the schema check (LIMIT 0) before any charge.
        var metadata = Path.Combine(_folder, "visits.yaml");
        File.WriteAllText(metadata, File.ReadAllText(_trial.Metadata).Replace("  Readings:", "  Visits:", StringComparison.Ordinal));
        CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "1");
        string[] args = ["query", "--db", _trial.Database, "--metadata", metadata, "--analyst", "alice", "--epsilon", "0.1", "SELECT COUNT(*) FROM Visits"];
        var explained = CliRunner.Run([.. args, "--explain"]);
        var real = CliRunner.Run(args);
        Assert.Equal(ExitCodes.InvalidInput, explained.ExitCode);
        Assert.Contains("The database rejected the query", explained.Error);
        Assert.Equal((real.ExitCode, real.Error), (explained.ExitCode, explained.Error));
        Assert.Equal((0.0, 0), await Ledger());
    }

    [PostgresFact]
    public void Explains_on_postgres_without_a_budget_and_checks_its_schema()
    {
        var db = PostgresFactAttribute.RequireIsolated();
        var import = CliRunner.Run("import", "--input", _trial.PatientsCsv, "--db", db, "--table", "Patients", "--replace");
        Assert.True(import.ExitCode == 0, import.Error);
        string[] common = ["query", "--db", db, "--metadata", _trial.Metadata, "--analyst", "alice-" + Guid.NewGuid().ToString("N"), "--epsilon", "0.5", "--explain"];
        var (code, output, error) = CliRunner.Run([.. common, "--format", "json", "SELECT Sex, COUNT(*) FROM Patients GROUP BY Sex"]);
        Assert.True(code == 0, error);
        Assert.Equal(new LaplaceMechanism(1, 0.5).ConfidenceHalfWidth(), JsonDocument.Parse(output).RootElement.GetProperty("aggregates")[0].GetProperty("halfWidth").GetDouble());
        // Readings was not imported: PostgreSQL rejects the query, as it would before a real charge.
        var rejected = CliRunner.Run([.. common, "SELECT COUNT(*) FROM Readings"]);
        Assert.Equal(ExitCodes.InvalidInput, rejected.ExitCode);
        Assert.Contains("The database rejected the query", rejected.Error);
    }

    [Fact]
    public void A_private_key_shows_delta_and_the_selection_threshold()
    {
        var metadata = Path.Combine(_folder, "private.yaml");
        File.WriteAllText(metadata, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(_trial.Metadata), @"Disease:\s*\{[^}]*\}", "Disease: { type: text, private: true }"));
        string[] args = ["query", "--db", _trial.Database, "--metadata", metadata, "--analyst", "alice", "--epsilon", "1", "--explain", "SELECT Disease, COUNT(*) FROM Patients GROUP BY Disease"];
        // Without --delta: the same refusal as a real query.
        var refused = CliRunner.Run(args);
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("needs δ > 0 (sanitas query --delta", refused.Error);
        var (code, output, error) = CliRunner.Run([.. args, "--delta", "1e-6"]);
        Assert.True(code == 0, error);
        Assert.Contains("Would cost ε 1, δ 1E-06 (partition selection ε 0.5)", output);
        Assert.Contains("reaches τ = 28 (partition selection; τ comes from ε_sel, δ and min(R, G) = 1, not from the data); groups under it are not shown; keys Disease (private).", output);
    }

    [Fact]
    public void Epsilon_is_still_required()
    {
        var (code, _, error) = CliRunner.Run("query", "--db", _trial.Database, "--metadata", _trial.Metadata, "--analyst", "alice", "--explain", "SELECT COUNT(*) FROM Patients");
        Assert.NotEqual(0, code);
        Assert.Contains("--epsilon", error);
    }
}
