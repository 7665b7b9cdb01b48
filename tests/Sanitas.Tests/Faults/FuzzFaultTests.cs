using System.Text;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Faults;

/// <summary>
/// The fault-and-fuzz suite of issue 12: generated malformed CSV, YAML configurations, hierarchy
/// files, SQL, DP metadata, bounds and model files, each run through the command that reads it.
/// Every run must end with an exit code from the documented set (docs/reliability.md), an error
/// that names a place, no stack trace and no "Internal error", and nothing written unless it succeeded.
/// </summary>
[Trait("Category", "Slow")]
public class FuzzFaultTests
{
    private const int Cases = 15;
    private static readonly int[] Documented = [0, 2, 3, 4, 5, 64];
    private static readonly string Clinical = Path.Combine(TestData.RepositoryRoot, "samples", "clinical");

    private static readonly string Config =
        "attributes:\n" +
        "  PatientId: { role: identifying }\n" +
        "  Name: { role: identifying }\n" +
        "  BirthDate: { role: quasi-identifier, hierarchy: { dates: [month, year, decade] } }\n" +
        "  Sex: { role: quasi-identifier, hierarchy: sex.csv }\n" +
        "  Zip: { role: quasi-identifier, hierarchy: { masking: { } } }\n" +
        "  DiabetesType: { role: insensitive }\n" +
        "  Disease: { role: sensitive }\n" +
        "  NeuropathyScore: { role: insensitive }\n" +
        "privacy:\n" +
        "  - k-anonymity: { k: 3 }\n" +
        "  - distinct-l-diversity: { attribute: Disease, l: 2 }\n" +
        "suppressionLimit: 0.1\n";

    private const string SexHierarchy = "male;*\nfemale;*\n";

    [Fact]
    public void Anonymize_with_malformed_csv_config_and_hierarchy()
    {
        var failures = new List<string>();
        var csv = File.ReadAllText(Path.Combine(Clinical, "patients.csv"));
        var generator = new MalformedInputs(1201);
        for (var i = 0; i < 3 * Cases; i++)
        {
            using var folder = new TempFolder();
            var kind = (i % 3) switch { 0 => "patients.csv", 1 => "c.yaml", _ => "sex.csv" };
            File.WriteAllText(folder.File("patients.csv"), csv);
            File.WriteAllText(folder.File("c.yaml"), Config);
            File.WriteAllText(folder.File("sex.csv"), SexHierarchy);
            var original = kind switch { "patients.csv" => csv, "c.yaml" => Config, _ => SexHierarchy };
            var mutated = i % 6 == 1 ? Encoding.UTF8.GetBytes(generator.Values(original)) : generator.Bytes(original);
            File.WriteAllBytes(folder.File(kind), mutated);
            var run = CliRunner.Run("anonymize", "--config", folder.File("c.yaml"), "--input", folder.File("patients.csv"),
                "--output", folder.File("out.csv"), "--report", folder.File("report.json"));
            Check(failures, $"anonymize case {i} ({kind})", run, folder, ["c.yaml", "patients.csv", "sex.csv"], [kind, "line", "column", "attribute", "'"]);
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Query_with_malformed_sql_and_metadata()
    {
        var failures = new List<string>();
        using var trial = new TempFolder();
        Assert.Equal(0, CliRunner.Run("sample", "clinical-trial", "--out", trial.Path, "--patients", "20").ExitCode);
        var db = trial.File("trial.sqlite");
        var metadata = File.ReadAllText(trial.File("trial.yaml"));
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", db, "--analyst", "alice", "--epsilon", "1000").ExitCode);
        string[] queries =
        [
            "SELECT Sex , COUNT(*) FROM Patients GROUP BY Sex",
            "SELECT AVG(Age) FROM Patients WHERE Arm = 'control'",
            "SELECT p.Arm , AVG(r.Temperature) FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId GROUP BY p.Arm",
            "SELECT COUNT(DISTINCT PatientId) FROM Comorbidities",
        ];
        var generator = new MalformedInputs(1202);
        for (var i = 0; i < 2 * Cases; i++)
        {
            using var folder = new TempFolder();
            var sqlCase = i % 2 == 0;
            var sql = sqlCase ? generator.Sql(generator.Pick(queries)) : generator.Pick(queries);
            var mutated = sqlCase ? Encoding.UTF8.GetBytes(metadata) : i % 4 == 1 ? Encoding.UTF8.GetBytes(generator.Values(metadata)) : generator.Bytes(metadata);
            File.WriteAllBytes(folder.File("m.yaml"), mutated);
            // Every fourth case really runs (charged); the others only plan (--explain).
            var explain = i % 4 != 0;
            var before = Spent(db);
            string[] args = ["query", "--db", db, "--metadata", folder.File("m.yaml"), "--analyst", "alice", "--epsilon", "0.5", .. explain ? new[] { "--explain" } : [], sql];
            var run = CliRunner.Run(args);
            Check(failures, $"query case {i} ({(sqlCase ? "sql" : "metadata")}): {Shorten(sql)}", run, folder, ["m.yaml"], ["m.yaml", "line", "column", "'", "--"]);
            if (run.ExitCode != 0 && Spent(db) != before && explain)
            {
                failures.Add($"query case {i}: an explanation charged the ledger");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Train_with_malformed_bounds_and_predict_with_malformed_models()
    {
        var failures = new List<string>();
        using var setup = new TempFolder();
        var patients = Path.Combine(Clinical, "patients.csv");
        var bounds = File.ReadAllText(Path.Combine(Clinical, "patients-bounds.yaml"));
        string[] Train(string boundsPath, string output) =>
            ["train", "--input", patients, "--target", "NeuropathyScore", "--model", "linear", "--features", "Sex,DiabetesType,Disease",
             "--mechanism", "functional", "--epsilon", "1", "--bounds", boundsPath, "--no-ledger", "--folds", "0", "--out", output];
        var trained = CliRunner.Run(Train(Path.Combine(Clinical, "patients-bounds.yaml"), setup.File("model.json")));
        Assert.True(trained.ExitCode == 0, trained.Error);
        var model = File.ReadAllText(setup.File("model.json"));

        var generator = new MalformedInputs(1203);
        for (var i = 0; i < 2 * Cases; i++)
        {
            using var folder = new TempFolder();
            if (i % 2 == 0)
            {
                File.WriteAllBytes(folder.File("bounds.yaml"), i % 4 == 0 ? Encoding.UTF8.GetBytes(generator.Values(bounds)) : generator.Bytes(bounds));
                var run = CliRunner.Run(Train(folder.File("bounds.yaml"), folder.File("m.json")));
                Check(failures, $"train case {i}", run, folder, ["bounds.yaml"], ["bounds.yaml", "line", "column", "'", "--"]);
            }
            else
            {
                File.WriteAllBytes(folder.File("model.json"), i % 4 == 1 ? Encoding.UTF8.GetBytes(generator.Values(model)) : generator.Bytes(model));
                var run = CliRunner.Run("predict", "--model", folder.File("model.json"), "--input", patients, "--output", folder.File("p.csv"));
                Check(failures, $"predict case {i}", run, folder, ["model.json"], ["model.json", "line", "column", "'", "--"]);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>The guarantees every run must keep; a violation is added to <paramref name="failures"/>.</summary>
    private static void Check(List<string> failures, string name, (int ExitCode, string Output, string Error) run, TempFolder folder, string[] inputs, string[] places)
    {
        var problems = new List<string>();
        if (!Documented.Contains(run.ExitCode))
        {
            problems.Add($"exit code {run.ExitCode} is not documented");
        }
        if (run.Error.Contains("   at ", StringComparison.Ordinal) || run.Error.Contains("Internal error", StringComparison.Ordinal))
        {
            problems.Add("a stack trace or an internal error");
        }
        if (run.ExitCode != 0)
        {
            if (!places.Any(p => run.Error.Contains(p, StringComparison.Ordinal)))
            {
                problems.Add("the message names no place");
            }
            var written = Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Except(inputs).ToList();
            if (written.Count > 0)
            {
                problems.Add($"files written by a failed run: {string.Join(", ", written)}");
            }
        }
        if (problems.Count > 0)
        {
            failures.Add($"{name}: {string.Join("; ", problems)}\nexit {run.ExitCode}\n{Shorten(run.Error)}");
        }
    }

    private static double Spent(string db) => new Sanitas.Privacy.SqliteBudgetLedger(db, createIfMissing: false).GetAsync("alice", "trial").GetAwaiter().GetResult()!.EpsilonSpent;

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
