using System.Text.Json;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Samples;
using Sanitas.Synthesis;

namespace Sanitas.Tests.Synthesis;

public sealed class TrialTimeSeriesTests : IDisposable
{
    private static readonly ClinicalTrial Trial = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 120, Seed = 5 });
    private static readonly ClinicalTrial Holdout = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 120, Seed = 6 });
    private readonly string _dir = Directory.CreateTempSubdirectory("sanitas-synth-ts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrialTimeSeriesOptions Options(double epsilon) => new() { Epsilon = epsilon, Delta = 1e-9, MaxMeasurements = 120 };

    [Fact]
    public void At_a_large_epsilon_the_synthetic_readings_keep_the_trials_rhythm_pairs_and_warnings_and_no_member_lies_closer()
    {
        var result = TrialTimeSeriesSynthesizer.Synthesize(Trial.Readings, Options(20), new SeededRandomForTests(3));
        Assert.Equal(["PatientId", "Time", "Foot", "Sensor", "Temperature"], result.Synthetic.ColumnNames);
        Assert.InRange(result.Log.SyntheticPatients, 110, 130);
        Assert.Equal(result.Log.Rho, result.Log.RhoSpent, 12);
        var e = TrialTimeSeriesEvaluator.Evaluate(Trial.Readings, result.Synthetic, Options(20), Holdout.Readings);
        // The evening is warmer than the morning in both (the trial's 0.6 °C rhythm).
        Assert.True(e.HourlyMeanDifference < 0.6, $"per-hour means differ by {e.HourlyMeanDifference:F3} °C");
        Assert.InRange(e.AutocorrelationSynthetic[0], e.AutocorrelationReal[0] - 0.25, e.AutocorrelationReal[0] + 0.25);
        Assert.InRange(e.LeftRightSdSynthetic[0], 0.5 * e.LeftRightSdReal[0], 2 * e.LeftRightSdReal[0]);
        Assert.InRange(e.WarningRateReal, 0.05, 0.4);
        Assert.InRange(e.WarningRateSynthetic, e.WarningRateReal / 3, e.WarningRateReal * 3);
        // Synthetic patients come from population parameters: the generator's input lies no closer than other patients.
        Assert.NotNull(e.MembershipInference);
        Assert.InRange(e.MembershipInference!.Auc, 0.35, 0.65);
    }

    [Fact]
    public void Values_outside_the_declared_domain_are_clamped_or_skipped_never_an_error()
    {
        var rows = new List<string?[]>
        {
            new[] { "1", "2024-01-08T08:00:00", "left", "hallux", "99.5" },
            new[] { "1", "2024-01-08T08:00:00", "right", "hallux", "abc" },
            new[] { "1", "not a time", "left", "heel", "30.1" },
            new[] { "1", "2024-01-08T18:00:00", "middle", "heel", "30.1" },
            new[] { "2", "2024-01-09T09:00:00", "LEFT", "toe", null },
            new[] { "2", "2024-01-09T19:00:00", "right", "heel", "-40" },
        };
        string[] names = ["PatientId", "Time", "Foot", "Sensor", "Temperature"];
        var table = new Table([.. names.Select((n, c) => Column.FromValues(n, rows.Select(r => r[c])))]);
        var result = TrialTimeSeriesSynthesizer.Synthesize(table, Options(1) with { Patients = 3 }, new SeededRandomForTests(1));
        Assert.Equal(3, result.Synthetic["PatientId"].Dictionary.Count);
        Assert.All(ColumnValues.ToDoubles(result.Synthetic["Temperature"]), t => Assert.InRange(t, 20, 40));
    }

    [Fact]
    public void Bad_options_and_missing_columns_fail_before_anything_is_read()
    {
        Assert.Contains("--epsilon", Assert.Throws<InvalidOptionException>(() => TrialTimeSeriesSynthesizer.Validate(Options(0))).Message);
        Assert.Contains("--delta", Assert.Throws<InvalidOptionException>(() => TrialTimeSeriesSynthesizer.Validate(Options(1) with { Delta = 0 })).Message);
        // 100,000 patients × 120 measurements × 8 sensors would not fit in memory: refused before any charge, with the count that fits.
        var tooMany = Assert.Throws<InvalidOptionException>(() => TrialTimeSeriesSynthesizer.Validate(Options(1) with { Patients = 100_000 })).Message;
        Assert.Contains("could yield 96,000,000 synthetic readings", tooMany);
        Assert.Contains("ask for at most 10,416 patients", tooMany);
        TrialTimeSeriesSynthesizer.Validate(Options(1) with { Patients = 10_416 });
        var table = new Table([Column.FromValues("PatientId", ["1"]), Column.FromValues("Time", ["2024-01-08T08:00:00"])]);
        var error = Assert.Throws<InvalidOptionException>(() => TrialTimeSeriesSynthesizer.Synthesize(table, Options(1), new SeededRandomForTests(1)));
        Assert.Contains("Foot, Sensor, Temperature", error.Message);
    }

    [Fact]
    public async Task The_run_charges_the_ledger_before_reading_and_the_log_holds_dp_numbers_only()
    {
        var input = Path.Combine(_dir, "readings.csv");
        await using (var writer = new StreamWriter(input))
        {
            await CsvWriter.WriteAsync(Trial.Readings, writer, ',', CancellationToken.None);
        }
        var db = Path.Combine(_dir, "ledger.db");
        var ledger = BudgetLedger.Open(db, createIfMissing: true);
        await ledger.EnsureCreatedAsync();
        await ledger.SetBudgetAsync("alice", BudgetLedger.DatasetName(db), 1.5, 1e-6);
        var output = Path.Combine(_dir, "syn.csv");
        var log = Path.Combine(_dir, "log.json");
        await TrialTimeSeriesRun.RunAsync(input, Options(1), output, log, db, "alice", null, false, new SeededRandomForTests(2));
        Assert.Equal(1, (await ledger.GetAsync("alice", BudgetLedger.DatasetName(db)))!.EpsilonSpent, 12);
        Assert.True(File.Exists(output));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(log));
        Assert.StartsWith("analyst", json.RootElement.GetProperty("audience").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("steps").GetArrayLength());
        Assert.Equal(18, json.RootElement.GetProperty("parameters").GetArrayLength());
        // Over budget: refused before reading, nothing written, nothing charged.
        File.Delete(output);
        await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() =>
            TrialTimeSeriesRun.RunAsync(input, Options(1), output, null, db, "alice", null, false, new SeededRandomForTests(2)));
        Assert.False(File.Exists(output));
        Assert.Equal(1, (await ledger.GetAsync("alice", BudgetLedger.DatasetName(db)))!.EpsilonSpent, 12);
    }
}
