using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Samples;

namespace Sanitas.Tests.Query.Dp;

/// <summary>The running example end to end: the generated trial, its metadata file, and the study's queries with DP.</summary>
public sealed class TrialDpQueryTests : IDisposable
{
    private static readonly Lazy<ClinicalTrial> Trial = new(() => ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 60 }));
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-trial-dp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static DatabaseMetadata Metadata => MetadataLoader.Parse(new StringReader(ClinicalTrialMetadata.ToYaml(Trial.Value.Options)), "trial.yaml");

    private static Dictionary<string, Table> Tables => new()
    {
        [ClinicalTrial.PatientsTable] = Trial.Value.Patients,
        [ClinicalTrial.ComorbiditiesTable] = Trial.Value.Comorbidities,
        [ClinicalTrial.ReadingsTable] = Trial.Value.Readings,
    };

    private async Task<DpQueryResult> Run(string sql, double epsilon = 0.25)
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, "ledger.sqlite"));
        await ledger.SetBudgetAsync("alice", "trial", 10);
        return await DpQueryEngine.ExecuteAsync(sql, epsilon, Metadata, Tables, ledger, "alice", "trial");
    }

    [Fact]
    public async Task The_generated_metadata_supports_the_study_query()
    {
        var result = await Run(ClinicalTrial.StudyQuery);
        Assert.Equal(18 * 6, result.Rows.Count);
    }

    [Fact]
    public async Task Mean_temperature_per_arm_joins_readings_with_patients()
    {
        var result = await Run("SELECT p.Arm, AVG(r.Temperature) FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId GROUP BY p.Arm", epsilon: 1.0);
        Assert.Equal(2, result.Rows.Count);
        Assert.All(result.Rows, row => Assert.InRange((double)row[1]!, 20.0, 40.0));
        Assert.Equal(1424, result.Plan.MaxRowsPerUnit);
    }

    [Fact]
    public async Task Distinct_patients_per_comorbidity()
    {
        var result = await Run("SELECT Comorbidity, COUNT(DISTINCT PatientId) FROM Comorbidities GROUP BY Comorbidity");
        Assert.Equal(ClinicalTrial.Conditions.Order(), result.Rows.Select(r => (string)r[0]!).Order());
        Assert.Equal(6, result.Plan.Aggregates.Single().Sensitivity);       // a patient has at most 6 comorbidities
    }

    [Fact]
    public async Task Twenty_concurrent_queries_against_a_budget_for_ten_release_exactly_ten() =>
        await ConcurrentQueries(() => new SqliteBudgetLedger(Path.Combine(_folder, "concurrent.sqlite")), "trial");

    [Support.PostgresFact]
    public async Task Twenty_concurrent_queries_with_the_ledger_in_postgres_release_exactly_ten() =>
        await ConcurrentQueries(() => new PostgresBudgetLedger(Support.PostgresFactAttribute.Require()), "trial-" + Guid.NewGuid().ToString("N"));

    private static async Task ConcurrentQueries(Func<BudgetLedger> open, string dataset)
    {
        await open().SetBudgetAsync("alice", dataset, 1.0);
        var metadata = Metadata;
        var tables = Tables;
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            var ledger = open();
            await ledger.EnsureCreatedAsync();
            start.Wait();
            try
            {
                return await DpQueryEngine.ExecuteAsync("SELECT Sex, COUNT(*) FROM Patients GROUP BY Sex", 0.1, metadata, tables, ledger, "alice", dataset);
            }
            catch (PrivacyBudgetExceededException)
            {
                return null;
            }
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);
        Assert.Equal(10, results.Count(r => r is not null));
        var budget = await open().GetAsync("alice", dataset);
        Assert.Equal(1.0, budget!.EpsilonSpent, 9);
        Assert.Equal(10, (await open().GetEntriesAsync("alice", dataset)).Count);
    }
}
