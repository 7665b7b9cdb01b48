using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Workflows;

namespace Sanitas.Tests.Anonymization.DifferentialPrivacy;

/// <summary>SafePub on Adult and through the configuration and file runner.</summary>
public sealed class SafePubTests
{
    private static AnonymizationConfig AdultConfig(DifferentialPrivacySettings settings)
    {
        var adult = AnonymizerArxTests.Adult;
        return new AnonymizationConfig
        {
            Attributes = adult.ColumnNames.ToDictionary(n => n, n => new AttributeSettings(AttributeRole.QuasiIdentifying, AnonymizerArxTests.AdultHierarchy(n))),
            Models = [],
            DifferentialPrivacy = settings,
        };
    }

    /// <summary>The paper's granularity utility of a release of the n input records: 1 − mean over records and attributes of level/height, a record not released counting 1.</summary>
    internal static double Granularity(SafePubResult result, int inputRows)
    {
        var levels = result.Transformation.Select((t, i) => result.MaxLevels[i] == 0 ? 0 : (double)t.Value / result.MaxLevels[i]).Average();
        var released = result.Output.RowCount;
        return 1 - (released * levels + (inputRows - released)) / inputRows;
    }

    [Fact]
    public void Adult_release_is_k_anonymous_sampled_and_truthful()
    {
        var adult = AnonymizerArxTests.Adult;
        var result = SafePub.Anonymize(adult, AdultConfig(new DifferentialPrivacySettings(1, 1e-5)), new SeededRandomForTests(1));
        var k = result.Parameters.K;
        Assert.Equal(58, k);
        // Every released tuple occurs at least k times.
        var tuples = Enumerable.Range(0, result.Output.RowCount)
            .Select(r => string.Join('|', result.Output.Columns.Select(c => c[r])))
            .GroupBy(t => t).ToList();
        Assert.All(tuples, g => Assert.True(g.Count() >= k, $"tuple {g.Key} occurs {g.Count()} times"));
        Assert.Equal(tuples.Count, result.EquivalenceClasses);
        // At most the sample: well under β n + 5σ.
        var beta = result.Parameters.Beta;
        Assert.True(result.Output.RowCount <= beta * adult.RowCount + 5 * Math.Sqrt(adult.RowCount * beta * (1 - beta)));
        // Truthful: each released value is the input value's generalization at the chosen level.
        for (var q = 0; q < result.Transformation.Count; q++)
        {
            var (name, level) = (result.Transformation[q].Key, result.Transformation[q].Value);
            var hierarchy = AnonymizerArxTests.AdultHierarchy(name);
            var possible = adult[name].Dictionary.Select(v => hierarchy.Generalize(v, level)).ToHashSet();
            Assert.All(result.Output[name].Dictionary, v => Assert.Contains(v!, possible));
        }
    }

    [Fact]
    public void The_seed_reproduces_a_release_and_the_output_is_sorted()
    {
        var config = AdultConfig(new DifferentialPrivacySettings(1, 1e-5, Steps: 20));
        var a = SafePub.Anonymize(AnonymizerArxTests.Adult, config, new SeededRandomForTests(5));
        var b = SafePub.Anonymize(AnonymizerArxTests.Adult, config, new SeededRandomForTests(5));
        Assert.Equal(a.Transformation, b.Transformation);
        Assert.Equal(a.Output.RowCount, b.Output.RowCount);
        var rows = Enumerable.Range(0, a.Output.RowCount).Select(r => string.Join('\u0001', a.Output.Columns.Select(c => c[r]))).ToList();
        Assert.Equal(rows.Order(StringComparer.Ordinal), rows);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Adult_utility_at_epsilon_one_beats_the_most_general_release()
    {
        // Ten releases at ε = 1 (0.9 / 0.1), δ = 1e-5, 100 steps, granularity score. The top transformation
        // (everything '*') has granularity 0; the search must do clearly better on average.
        var adult = AnonymizerArxTests.Adult;
        var config = AdultConfig(new DifferentialPrivacySettings(1, 1e-5));
        var utilities = Enumerable.Range(0, 10).Select(s => Granularity(SafePub.Anonymize(adult, config, new SeededRandomForTests((ulong)s + 100)), adult.RowCount)).ToList();
        Assert.True(utilities.Average() > 0.15, $"mean granularity {utilities.Average():F3}: " + string.Join(", ", utilities.Select(u => u.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void A_column_released_ungeneralized_is_refused_before_anything_runs()
    {
        var adult = AnonymizerArxTests.Adult;
        var config = AdultConfig(new DifferentialPrivacySettings(1, 1e-5));
        var attributes = new Dictionary<string, AttributeSettings>(config.Attributes) { ["salary-class"] = new AttributeSettings(AttributeRole.Sensitive) };
        var e = Assert.Throws<AnonymizationException>(() => SafePub.Anonymize(adult, config with { Attributes = attributes }, new SeededRandomForTests(1)));
        Assert.Contains("'salary-class'", e.Message);
    }

    [Fact]
    public void A_value_missing_from_the_hierarchy_is_released_as_the_top_value_not_an_error()
    {
        var table = new Table([Column.FromValues("x", [.. Enumerable.Repeat("a", 200), "zzz-undeclared"])]);
        var hierarchy = Hierarchy.FromRows([["a", "*"], ["b", "*"]]);
        var config = new AnonymizationConfig
        {
            Attributes = new Dictionary<string, AttributeSettings> { ["x"] = new(AttributeRole.QuasiIdentifying, hierarchy) },
            Models = [],
            DifferentialPrivacy = new DifferentialPrivacySettings(2, 1e-3, Steps: 2),
        };
        var result = SafePub.Anonymize(table, config, new SeededRandomForTests(3));
        Assert.DoesNotContain("zzz-undeclared", result.Output["x"].Dictionary);
    }

    private static string WriteConfig(string dir, string privacy, string hierarchy = "adult_hierarchy_sex.csv")
    {
        foreach (var name in AnonymizerArxTests.Adult.ColumnNames)
        {
            File.Copy(TestData.Adult($"adult_hierarchy_{name}.csv"), Path.Combine(dir, $"adult_hierarchy_{name}.csv"), overwrite: true);
        }
        var lines = AnonymizerArxTests.Adult.ColumnNames.Select(n => $"  {n}: {{ role: quasi-identifier, hierarchy: {(n == "sex" ? hierarchy : $"adult_hierarchy_{n}.csv")} }}");
        var path = Path.Combine(dir, "dp.yaml");
        File.WriteAllText(path, "delimiter: \";\"\nattributes:\n" + string.Join("\n", lines) + "\nprivacy:\n" + privacy + "\n");
        return path;
    }

    [Fact]
    public void The_config_key_is_parsed_and_combining_it_with_k_anonymity_is_an_error_naming_the_line()
    {
        using var dir = new TempDirectory();
        var loaded = AnonymizationConfigLoader.Load(WriteConfig(dir.Path, "  - differential-privacy: { epsilon: 2, delta: 1e-6, steps: 50, searchShare: 0.2, score: discernibility }"));
        Assert.Equal(new DifferentialPrivacySettings(2, 1e-6, 50, 0.2, SafePubScore.Discernibility), loaded.DifferentialPrivacy);
        var e = Assert.Throws<ConfigException>(() => AnonymizationConfigLoader.Load(WriteConfig(dir.Path, "  - differential-privacy: { epsilon: 1, delta: 1e-5 }\n  - k-anonymity: { k: 5 }")));
        Assert.Contains("cannot be combined", e.Message);
        var bad = Assert.Throws<ConfigException>(() => AnonymizationConfigLoader.Load(WriteConfig(dir.Path, "  - differential-privacy: { epsilon: 1, delta: 2 }")));
        Assert.Contains("'delta'", bad.Message);
    }

    [Fact]
    public async Task The_ledger_is_charged_before_the_data_is_read_and_an_exhausted_budget_writes_nothing()
    {
        using var dir = new TempDirectory();
        var config = WriteConfig(dir.Path, "  - differential-privacy: { epsilon: 1, delta: 1e-5, steps: 10 }");
        var input = Path.Combine(dir.Path, "adult.csv");
        File.Copy(TestData.Adult("adult.csv"), input);
        var ledgerPath = Path.Combine(dir.Path, "budget.sqlite");
        var ledger = BudgetLedger.Open(ledgerPath, createIfMissing: true);
        await ledger.SetBudgetAsync("alice", "budget", 1.5, 1e-4);
        var output = Path.Combine(dir.Path, "out.csv");

        var report = await SafePubFileAnonymizer.RunAsync(config, input, output, null, ledgerPath, "alice", null);
        Assert.Equal(1, report.Charge!.Epsilon);
        Assert.True(File.Exists(output));
        Assert.Contains("\"k\": 58", File.ReadAllText(Path.ChangeExtension(output, ".report.json")));

        // 0.5 left: refused, nothing read or written; the failure comes before the data is touched.
        File.Delete(output);
        File.WriteAllText(input, string.Join(';', AnonymizerArxTests.Adult.ColumnNames) + "\nnot;a;valid;row\n");
        await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => SafePubFileAnonymizer.RunAsync(config, input, output, null, ledgerPath, "alice", null));
        Assert.False(File.Exists(output));
        Assert.Single(await ledger.GetEntriesAsync("alice"));
    }

    [Fact]
    public async Task A_hierarchy_built_from_the_data_is_refused_before_the_charge()
    {
        using var dir = new TempDirectory();
        var config = WriteConfig(dir.Path, "  - differential-privacy: { epsilon: 1, delta: 1e-5 }", hierarchy: "{ masking: {} }");
        var e = await Assert.ThrowsAsync<ConfigException>(() => SafePubFileAnonymizer.RunAsync(config, TestData.Adult("adult.csv"), Path.Combine(dir.Path, "o.csv"), null, null, null, null));
        Assert.Contains("declared without the data", e.Message);
    }
}
