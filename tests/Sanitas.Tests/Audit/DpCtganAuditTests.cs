using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;
using Sanitas.Synthesis.Gan;
using Xunit.Abstractions;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Black-box and white-box audit of DP-CTGAN on neighbouring datasets: D′ has twelve rows (a = 0, b = 0) and
/// D adds one canary person (a = 1, b = 1), unique in both columns. Every run uses the release's secure
/// source (<see cref="SecureRandom"/>) for all its randomness; only the initial weights are seeded, as in a
/// release. Two statistics of each run are audited (Jagielski, Ullman &amp; Oprea 2020; Nasr et al. 2021):
/// <list type="bullet">
/// <item><b>The released table's row count</b> (no <c>--rows</c>): the synthetic table has round(N̂) rows, N̂
/// the mean total of the noisy 1-way marginals — the table itself shows the marginals' noise.</item>
/// <item><b>The canary's weight in the trained critic</b> (white-box: the critic is the generator's only channel to the
/// data, so what it reveals bounds what the generator can learn): the critic is linear in the 1- and 2-way indicator
/// features (<see cref="PairwiseFeatures"/>); the weight of the pair cell (a = 1, b = 1) is moved only by the canary as a
/// real example (every real row's gradient is its feature vector scaled to norm C) and by the fakes' probability of that
/// cell. After one averaged step w ← (1 − r)w − r·S·ĝ the statistic is (w − (1 − r)w₀)/(r·S): the negative noisy
/// gradient of that weight, about C/‖φ‖ when the canary is in the batch (ClipBKD-style: the canary lives in a
/// coordinate the other real rows do not touch; Jagielski, Ullman &amp; Oprea 2020; Nasr et al. 2021).</item>
/// </list>
/// Each statistic's event (a threshold and its direction) is chosen on a calibration batch and counted on
/// fresh runs; Clopper–Pearson intervals at 1 − 10⁻⁴ (<see cref="EmpiricalPrivacy"/>) give the empirical
/// lower bound on ε, which must stay at or below the claim. The power checks run the same statistics on
/// deliberately broken variants (an internal hook scales the marginals' or DP-SGD's noise down to 10⁻⁶ while
/// the accounting still claims the budget): each must find a bound clearly above the claim.
/// </summary>
public sealed class DpCtganAuditTests(ITestOutputHelper output)
{
    /// <summary>The claimed budget: ε = 2 at δ = 10⁻⁵, 90% of ρ on the marginals (a declared option), σ of DP-SGD from the accountant.</summary>
    private const double Epsilon = 2, Delta = 1e-5;
    private const int CalibrationTrials = 2000;
    private const int Trials = 10_000;

    private static readonly SynthesisConfig Config = new([
        SynthesisColumn.Categorical("a", ["0", "1"]), SynthesisColumn.Categorical("b", ["0", "1"]),
    ]);

    [Fact]
    [Trait("Category", "Slow")]
    public void Dp_ctgan_leaks_no_more_than_its_claimed_epsilon()
    {
        var (rows, canary) = Audit(new DpCtganAuditHooks(), "real mechanism");
        Assert.True(rows <= Epsilon, $"row count: empirical ε ≥ {rows:F3} exceeds the claimed {Epsilon}");
        Assert.True(canary <= Epsilon, $"discriminator canary: empirical ε ≥ {canary:F3} exceeds the claimed {Epsilon}");
        // The released table shows its marginals' noise: the audit distinguishes D from D′ at all.
        Assert.True(rows > 0.05, $"row count: empirical ε ≥ {rows:F3}; the audit could not tell D from its neighbour at all");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_audit_catches_marginals_without_their_noise()
    {
        var (rows, _) = Audit(new DpCtganAuditHooks { MarginalNoiseScale = 1e-6 }, "marginal noise × 1e-6");
        Assert.True(rows > Epsilon + 1, $"row count: empirical ε ≥ {rows:F3} on a broken mechanism claiming {Epsilon}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_audit_catches_dp_sgd_without_its_noise()
    {
        var (_, canary) = Audit(new DpCtganAuditHooks { GradientNoiseScale = 1e-6 }, "DP-SGD noise × 1e-6");
        Assert.True(canary > Epsilon + 1, $"discriminator canary: empirical ε ≥ {canary:F3} on a broken mechanism claiming {Epsilon}");
    }

    /// <summary>Runs the calibration and the counted batches on D and D′; returns the two statistics' empirical ε lower bounds.</summary>
    private (double Rows, double Canary) Audit(DpCtganAuditHooks hooks, string label)
    {
        var d = EncodedTable.Encode(Table(withCanary: true), Config);
        var neighbour = EncodedTable.Encode(Table(withCanary: false), Config);
        var options = new SynthesisOptions
        {
            Mechanism = "dpctgan",
            Epsilon = Epsilon,
            Delta = Delta,
            DpCtgan = new DpCtganOptions
            {
                Steps = 1,
                BatchSize = 16,
                MarginalShare = 0.9,
                GeneratorLayers = [8],
                LatentDimension = 4,
            },
        };
        var rho = Synthesizer.Validate(options);
        // σ solved once for the worst sampling rate q = 1, so that it fits every run's q = B/N̂ and no run searches
        // (a given σ that fits is the mechanism's own path: the accountant still checks it in every run).
        var sigma = DpCtganAccountant.NoiseMultiplier(options.DpCtgan.MarginalShare * rho, 1, 1, Epsilon, Delta)!.Value;
        options = options with { DpCtgan = options.DpCtgan with { NoiseMultiplier = sigma } };
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ρ = {rho:G4}, marginals 0.9ρ, DP-SGD σ = {sigma:G4} (one step)"));
        // φ of two binary columns: cells a0, a1, b0, b1, then the pair cells (a, b) row-major: (1, 1) is feature 4 + 3.
        var features = new PairwiseFeatures([2, 2]);
        Assert.Equal(8, features.Width);
        const int Feature = 7;
        var initial = new Discriminator(features.Width, [], options.DpCtgan.Seed + 1).Parameters[Feature];
        var r = options.DpCtgan.DiscriminatorLearningRate;
        var scale = options.DpCtgan.CriticScale;
        (double Rows, double Canary) Run(EncodedTable data)
        {
            var s = 0.0;
            var observed = hooks with { Trained = discriminator => s = (discriminator.Parameters[Feature] - ((1 - r) * initial)) / (r * scale) };
            var result = DpCtganSynthesizer.Run(data, ["a", "b"], rho, options, SecureRandom.Instance, null, default, observed);
            return (result.Synthetic.Rows, Math.Round(s, 6));
        }
        (double[] Rows, double[] Canary) Batch(EncodedTable data, int n)
        {
            var runs = Enumerable.Range(0, n).Select(_ => Run(data)).ToArray();
            return ([.. runs.Select(r => r.Rows)], [.. runs.Select(r => r.Canary)]);
        }
        var (calibrationD, calibrationN) = (Batch(d, CalibrationTrials), Batch(neighbour, CalibrationTrials));
        var (countedD, countedN) = (Batch(d, Trials), Batch(neighbour, Trials));
        var rows = Bound(calibrationD.Rows, calibrationN.Rows, countedD.Rows, countedN.Rows, "rows", label);
        var canary = Bound(calibrationD.Canary, calibrationN.Canary, countedD.Canary, countedN.Canary, "canary", label);
        return (rows, canary);
    }

    /// <summary>
    /// The threshold with the largest bound on the calibration runs (among the pooled values between the 2% and
    /// 98% quantiles: events too rare for the counted batch are not tried), then that
    /// threshold's bound on the counted runs.
    /// </summary>
    private double Bound(double[] calibrationD, double[] calibrationN, double[] countedD, double[] countedN, string statistic, string label)
    {
        var pooled = calibrationD.Concat(calibrationN).Order().ToArray();
        var candidates = pooled.Where(t => t >= pooled[pooled.Length / 50] && t <= pooled[pooled.Length * 49 / 50]).Distinct();
        var threshold = candidates.OrderByDescending(t => EmpiricalPrivacy.EpsilonLowerBound(calibrationD, calibrationN, t, Delta)).First();
        var bound = EmpiricalPrivacy.EpsilonLowerBound(countedD, countedN, threshold, Delta);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}, {statistic}: mean {countedD.Average():F3} on D, {countedN.Average():F3} on D′; event at {threshold:G4}: ≥ on D {countedD.Count(v => v >= threshold)}, on D′ {countedN.Count(v => v >= threshold)} of {Trials}; empirical ε ≥ {bound:F3} (claimed {Epsilon})"));
        return bound;
    }

    private static Table Table(bool withCanary)
    {
        string[] a = [.. Enumerable.Repeat("0", 12), .. withCanary ? new[] { "1" } : []];
        string[] b = [.. Enumerable.Repeat("0", 12), .. withCanary ? new[] { "1" } : []];
        return new Table([Column.FromValues("a", a), Column.FromValues("b", b)]);
    }
}
