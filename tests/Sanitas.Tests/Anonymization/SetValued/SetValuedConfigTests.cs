using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Samples;
using Sanitas.Tests.Anonymization.DifferentialPrivacy;
using Sanitas.Workflows;

namespace Sanitas.Tests.Anonymization.SetValued;

/// <summary>The <c>set-valued:</c> key: one <c>anonymize</c> run generalizes the relational quasi-identifiers and attaches the trial's comorbidities as a k^m-anonymous column.</summary>
public sealed class SetValuedConfigTests
{
    private static string Setup(TempDirectory dir, int patients, int k, int m, string extra = "")
    {
        var trial = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = patients });
        CsvWriter.Write(trial.Patients, Path.Combine(dir.Path, "patients.csv"));
        CsvWriter.Write(trial.Comorbidities, Path.Combine(dir.Path, "comorbidities.csv"));
        File.Copy(Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "comorbidity-hierarchy.csv"), Path.Combine(dir.Path, "comorbidity-hierarchy.csv"));
        var config = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-km.yaml"))
            .Replace("../../trial/", "", StringComparison.Ordinal)
            .Replace("  k: 5\n  m: 2\n", $"  k: {k}\n  m: {m}\n{extra}", StringComparison.Ordinal);
        var path = Path.Combine(dir.Path, "trial-km.yaml");
        File.WriteAllText(path, config);
        return path;
    }

    [Fact]
    public void One_run_releases_generalized_relational_attributes_and_a_km_anonymous_comorbidity_column()
    {
        using var dir = new TempDirectory();
        const int K = 12, M = 2;
        var config = Setup(dir, patients: 60, K, M);
        var output = Path.Combine(dir.Path, "out.csv");
        var report = FileAnonymizer.Run(config, null, output);
        Assert.NotNull(report.SetValued);
        Assert.True(report.SetValued!.Generalizations > 0, "60 patients with k = 12 should need generalization");
        var table = CsvReader.Read(output);
        Assert.Equal(60, table.RowCount);
        Assert.False(table.TryGetColumn("PatientId", out _));
        var sets = Enumerable.Range(0, table.RowCount)
            .Select(r => (table["Comorbidities"][r] ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal))
            .ToList();
        // Brute force: every set of at most m items a record has is contained in at least k records.
        foreach (var set in sets)
        {
            var items = set.Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < items.Length; i++)
            {
                Assert.True(sets.Count(s => s.Contains(items[i])) >= K, $"'{items[i]}' is in fewer than {K} records");
                for (var j = i + 1; j < items.Length; j++)
                {
                    Assert.True(sets.Count(s => s.Contains(items[i]) && s.Contains(items[j])) >= K, $"'{items[i]}, {items[j]}' is in fewer than {K} records");
                }
            }
        }
        // The relational part is 5-anonymous (suppressed rows starred).
        var classes = Enumerable.Range(0, table.RowCount).Select(r => $"{table["Age"][r]}|{table["Sex"][r]}|{table["DiabetesType"][r]}").GroupBy(x => x);
        Assert.All(classes.Where(c => c.Key != "*|*|*"), c => Assert.True(c.Count() >= 5, c.Key));
    }

    [Fact]
    public void A_missing_key_is_an_error_naming_the_configuration()
    {
        using var dir = new TempDirectory();
        var config = Setup(dir, patients: 20, 5, 2);
        File.WriteAllText(config, File.ReadAllText(config).Replace("  id: PatientId\n", "", StringComparison.Ordinal));
        var e = Assert.Throws<ConfigException>(() => AnonymizationConfigLoader.Load(config));
        Assert.Contains("'set-valued' needs 'id'", e.Message);
        Assert.Contains("trial-km.yaml", e.Message);
    }
}
