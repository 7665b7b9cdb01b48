using System.Text.Json;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Samples;
using Sanitas.Tests.Support;
using Sanitas.Workflows;

namespace Sanitas.Tests.Anonymization.TimeSeries;

public sealed class TimeSeriesAnonymizerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<TimeSeriesAnonymizationReport> Run(TimeSeriesAnonymizationRequest request) =>
        TimeSeriesAnonymizer.RunAsync(request, new SeededRandomForTests(7));

    [Fact]
    public async Task K_anonymous_traces_cut_the_dtw_attack_on_the_trial_to_at_most_one_in_k()
    {
        var report = await Run(new TimeSeriesAnonymizationRequest(TimeSeriesMethod.KAnonymity, _folder.File("k.csv")) { Patients = 120, K = 5 });

        // The attack re-identifies most raw traces (300 patients: 0.97); on the release it must pick
        // among ≥ 5 identical traces, so it can do no better than 1/5.
        Assert.True(report.AttackBefore!.SuccessRate >= 0.8, $"before {report.AttackBefore.SuccessRate}");
        Assert.True(report.AttackAfter!.SuccessRate <= 0.2, $"after {report.AttackAfter.SuccessRate}");
        Assert.Equal(24, report.Groups);
        Assert.True(report.SmallestGroup >= 5);
        Assert.True(report.RmsePerPoint <= report.DistortionBound);
        var lines = await File.ReadAllLinesAsync(_folder.File("k.csv"));
        Assert.Equal("Group,Size,Window,Value", lines[0]);
        Assert.Equal(1 + (24 * 56), lines.Length);
        Assert.All(lines.Skip(1), l => Assert.True(int.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) >= 5));
    }

    [Fact]
    public async Task Coarse_windows_lower_the_attack_and_raise_the_distortion()
    {
        var fine = await Run(new TimeSeriesAnonymizationRequest(TimeSeriesMethod.Paa, _folder.File("p2.csv")) { Patients = 120, Window = 2 });
        var coarse = await Run(new TimeSeriesAnonymizationRequest(TimeSeriesMethod.Paa, _folder.File("p14.csv")) { Patients = 120, Window = 14 });

        Assert.True(coarse.AttackAfter!.SuccessRate <= coarse.AttackBefore!.SuccessRate - 0.4, $"{coarse.AttackBefore.SuccessRate} → {coarse.AttackAfter.SuccessRate}");
        Assert.True(coarse.AttackAfter.SuccessRate < fine.AttackAfter!.SuccessRate);
        Assert.True(coarse.RmsePerPoint > fine.RmsePerPoint);
        Assert.Equal(1 + (120 * 4), (await File.ReadAllLinesAsync(_folder.File("p14.csv"))).Length);
    }

    [Fact]
    public async Task Wide_series_such_as_ecg_leads_are_anonymized_too()
    {
        var ecg = Path.Combine(TestData.RepositoryRoot, "samples", "public", "ecg", "waveform_ecg_multiplex0_rhythm.csv");
        var report = await Run(new TimeSeriesAnonymizationRequest(TimeSeriesMethod.KAnonymity, _folder.File("ecg.csv"))
        { Input = ecg, TimeColumn = "time_s", Length = 1000, Window = 10, K = 3, AttackNoise = 20 });

        Assert.Equal(12, report.Series);
        Assert.Equal(4, report.Groups);
        Assert.True(report.AttackAfter!.SuccessRate <= 1.0 / 3);
        Assert.Null(report.PerHourMeanCurveMaxError);
    }

    [Fact]
    public async Task A_series_shorter_than_the_length_is_named()
    {
        var e = await Assert.ThrowsAsync<SanitasDataException>(() => Run(new TimeSeriesAnonymizationRequest(TimeSeriesMethod.Paa, _folder.File("x.csv")) { Patients = 5, Length = 1000 }));

        Assert.Matches("The series of '1' has 1[0-9]{2} points; `length` asks for 1000.", e.Message);
        Assert.False(File.Exists(_folder.File("x.csv")));
    }

    private async Task<(string Ledger, BudgetLedger Budget)> LedgerAsync(double epsilon, double delta)
    {
        var db = _folder.File("ledger.db");
        var ledger = BudgetLedger.Open(db, createIfMissing: true);
        await ledger.EnsureCreatedAsync();
        await ledger.SetBudgetAsync("alice", BudgetLedger.DatasetName(db), epsilon, delta);
        return (db, ledger);
    }

    private TimeSeriesAnonymizationRequest Dp(string? ledger) => new(TimeSeriesMethod.DifferentialPrivacy, _folder.File("dp.csv"))
    {
        Patients = 60,
        ByHour = true,
        Lower = 20,
        Upper = 40,
        Epsilon = 1,
        Delta = 1e-6,
        Ledger = ledger,
        Analyst = ledger is null ? null : "alice",
        NoLedger = ledger is null,
    };

    [Fact]
    public async Task The_dp_release_is_charged_first_and_over_budget_writes_and_charges_nothing()
    {
        var (db, ledger) = await LedgerAsync(1.5, 1e-5);

        var report = await Run(Dp(db));

        var budget = (await ledger.GetAsync("alice", BudgetLedger.DatasetName(db)))!;
        Assert.Equal(1, budget.EpsilonSpent, 12);
        Assert.Equal(1e-6, budget.DeltaSpent, 15);
        Assert.Equal("analyst", report.Audience);
        Assert.Null(report.Series);
        Assert.Null(report.AttackBefore);
        var lines = await File.ReadAllLinesAsync(_folder.File("dp.csv"));
        Assert.Equal("Hour,Count,Mean", lines[0]);
        Assert.Equal(25, lines.Length);
        File.Delete(_folder.File("dp.csv"));
        await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => Run(Dp(db)));
        Assert.False(File.Exists(_folder.File("dp.csv")));
        Assert.Equal(1, (await ledger.GetAsync("alice", BudgetLedger.DatasetName(db)))!.EpsilonSpent, 12);
    }

    [Fact]
    public async Task Missing_bounds_a_missing_ledger_or_evaluating_an_analysts_release_are_refused_before_any_charge()
    {
        var (db, ledger) = await LedgerAsync(5, 1e-5);

        var bounds = await Assert.ThrowsAsync<InvalidOptionException>(() => Run(Dp(db) with { Lower = null }));
        var noLedger = await Assert.ThrowsAsync<InvalidOptionException>(() => Run(Dp(db) with { Analyst = null }));
        var evaluate = await Assert.ThrowsAsync<InvalidOptionException>(() => Run(Dp(db) with { Evaluate = true }));
        var absent = await Assert.ThrowsAnyAsync<SanitasException>(() => Run(Dp(_folder.File("absent.db"))));

        Assert.Contains("`lower` and `upper`", bounds.Message, StringComparison.Ordinal);
        Assert.Contains("`ledger` DB and `analyst` NAME", noLedger.Message, StringComparison.Ordinal);
        Assert.Contains("only with `noLedger`", evaluate.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("absent.db")));
        Assert.Equal(0, (await ledger.GetAsync("alice", BudgetLedger.DatasetName(db)))!.EpsilonSpent);
    }

    [Fact]
    public async Task The_data_owners_dp_evaluation_reports_the_error_and_the_attack_at_guessing()
    {
        var report = await Run(Dp(null) with { Evaluate = true, Epsilon = 50 });

        Assert.Equal("data owner", report.Audience);
        Assert.Equal(60, report.Series);
        Assert.Equal(1.0 / 60, report.AttackAfter!.SuccessRate, 12);
        Assert.True(report.AttackBefore!.SuccessRate > 0.8);
        Assert.InRange(report.PerHourMeanCurveMaxError!.Value, 0, 1.5);
    }

    [Fact]
    public void The_cli_writes_the_release_and_the_report()
    {
        var output = _folder.File("paa.csv");
        var json = _folder.File("paa.json");

        var run = CliRunner.Run("timeseries", "anonymize", "--method", "paa", "--patients", "40", "--window", "7", "--out", output, "--report", json);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("DTW attack after", run.Output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("paa", report.RootElement.GetProperty("method").GetString());
        Assert.Equal(40, report.RootElement.GetProperty("attackBefore").GetProperty("targets").GetInt32());
        var bad = CliRunner.Run("timeseries", "anonymize", "--method", "dp", "--out", output, "--no-ledger");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--lower and --upper", bad.Error, StringComparison.Ordinal);
    }
}
