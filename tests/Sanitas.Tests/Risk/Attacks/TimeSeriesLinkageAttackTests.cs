using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Risk.Attacks;
using Sanitas.Samples;
using Xunit.Abstractions;

namespace Sanitas.Tests.Risk.Attacks;

public sealed class TimeSeriesLinkageAttackTests(ITestOutputHelper output)
{
    private static readonly Lazy<SeriesSet> Traces = new(() =>
        ClinicalTrialReadings.Traces(ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 300 }).Readings));

    private TimeSeriesLinkageResult Attack(TraceLinkageScenario scenario)
    {
        var (references, targets) = scenario.Build(Traces.Value, new SeededRandomForTests(42));
        var result = new TimeSeriesLinkageAttack().Run(references, targets, [.. Enumerable.Range(0, references.Length)]);
        output.WriteLine($"{scenario.Transformation} {scenario.Protection} other={scenario.OtherPeriod}: top-1 {result.Result.SuccessRate:0.000} [{result.Result.Interval.Lower:0.000}, {result.Result.Interval.Upper:0.000}], pruned {result.Pruned:P1}");
        return result;
    }

    [Fact]
    public void Traces_have_one_point_per_measurement()
    {
        Assert.Equal(["mean"], Traces.Value.Channels);
        var traces = Traces.Value.Traces();
        Assert.Equal(300, traces.Count);
        Assert.Equal("1", traces[0].Key);
        // 113-178 measurements of 8 sensors each (docs/clinical-trial.md).
        Assert.All(traces, t => Assert.InRange(t.Value.Length, 113, 178));
        Assert.All(traces, t => Assert.All(t.Value, v => Assert.InRange(v, 20, 40)));
    }

    [Theory]
    [InlineData(0, 1.0, 0.0, 1.0, 0.0)]
    [InlineData(4, 1.0, 0.0, 1.0, 0.0)]
    [InlineData(0, 1.8, 32, 1.0, 0.0)]
    [InlineData(0, 1.0, 0.0, 0.8, 0.0)]
    [InlineData(0, 1.0, 0.0, 1.0, 0.2)]
    [InlineData(2, 1.8, 32, 0.9, 0.1)]
    public void Raw_traces_are_mostly_reidentified_despite_shift_scale_truncation_and_noise(int shift, double scale, double offset, double keep, double noise)
    {
        var scenario = new TraceLinkageScenario { Transformation = new TraceTransformation(shift, scale, offset, keep, noise) };
        var result = Attack(scenario);
        Assert.True(result.Result.SuccessRate >= 0.8, $"top-1 {result.Result.SuccessRate}");
        Assert.Equal(1.0 / 300, result.Result.Baseline, 12);
        Assert.Equal("timeseries", result.Result.Kind);
    }

    [Fact]
    public void Protected_traces_bring_the_attack_close_to_guessing()
    {
        var scenario = new TraceLinkageScenario
        {
            Transformation = new TraceTransformation(Shift: 2, NoiseSigma: 0.1),
            Protection = new TraceProtection(NoiseSigma: 0.8, Window: 14, MaxShift: 7),
        };
        var result = Attack(scenario);
        // Measured 1 of 300 (= 1/N); "a few times 1/N" is the guarantee a user relies on.
        Assert.True(result.Result.SuccessRate <= 5.0 / 300, $"top-1 {result.Result.SuccessRate}");
        Assert.True(result.Result.Advantage < 0.02);
    }

    [Fact]
    public void Another_period_of_the_same_patient_is_not_recognized_from_the_z_normalized_shape()
    {
        // The shape of a patient's mean temperature comes from day-to-day effects drawn afresh
        // each day (docs/clinical-trial.md), and z-normalization removes the personal baseline:
        // a later period carries no fingerprint this attack can use (measured: 1 of 300).
        var result = Attack(new TraceLinkageScenario { OtherPeriod = true });
        Assert.True(result.Result.SuccessRate <= 5.0 / 300, $"top-1 {result.Result.SuccessRate}");
    }
}
