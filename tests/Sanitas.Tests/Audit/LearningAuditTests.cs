using System.Globalization;
using MathNet.Numerics.Distributions;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Xunit.Abstractions;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Black-box audits of every DP training mechanism, in the style of Google's stochastic DP tester
/// and DP-Auditorium (Jagielski, Ullman &amp; Oprea 2020, "Auditing differentially private machine
/// learning"): train on a tiny data set D and on D minus its most extreme person many times with the
/// release-grade noise source, pick a threshold on one scalar of the released model from a first,
/// independent batch of runs, count how often each side exceeds it on fresh runs, and turn the two
/// counts into a lower bound on ε with Clopper–Pearson 95% intervals:
/// ε_lb = ln((p̲_high − δ) / p̄_low). A mechanism whose noise is too small for its claim shows
/// ε_lb &gt; ε; the harness's own power is checked on a deliberately mislabelled Laplace release.
/// </summary>
public sealed class LearningAuditTests(ITestOutputHelper output)
{
    private const int CalibrationTrials = 300;
    private const int Trials = 1000;

    public static TheoryData<string, string> Mechanisms => new()
    {
        { "linear", "output" },
        { "linear", "functional" },
        { "linear", "adassp" },
        { "logistic", "output" },
        { "logistic", "objective" },
        { "logistic", "functional" },
        { "naive-bayes", "output" },
    };

    [Theory]
    [MemberData(nameof(Mechanisms))]
    [Trait("Category", "Slow")]
    public void The_empirical_epsilon_of_removing_the_most_extreme_person_stays_below_the_claim(string model, string mechanism)
    {
        var classification = model != "linear";
        var options = Options(model, mechanism);
        var modelShare = Trainer.Plan(options, ["x", "y"]).ShareOf(PrivacyShare.ModelRelease)!;
        var (epsilon, delta) = (TrainingPlan.EpsilonOf(modelShare), TrainingPlan.DeltaOf(modelShare));
        double Scalar(TrainedModel m) => m.NaiveBayes is { } nb ? nb.Priors[1] + nb.Means[1][0] : m.Weights[1];
        var d = Data(classification, withExtreme: true);
        var neighbour = Data(classification, withExtreme: false);
        double[] Run(Table table, int n) => [.. Enumerable.Range(0, n).Select(_ => Scalar(Trainer.Train(table, options, SecureRandom.Instance)))];

        var lowerBound = EpsilonLowerBound(n => Run(d, n), n => Run(neighbour, n), delta);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model}/{mechanism}: claimed ε = {epsilon:G4} (δ = {delta:G2}), empirical lower bound {lowerBound:F3}"));
        Assert.True(lowerBound <= epsilon, $"{model}/{mechanism}: the empirical ε lower bound {lowerBound} exceeds the claimed {epsilon}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void DP_SGD_logistic_regression_stays_below_its_accountant_epsilon()
    {
        // DpSgdTrainer directly, with a short plan (2 epochs, expected batch 2 of N = 10: 10 steps) so that
        // thousands of runs fit the test budget; Trainer's dpsgd entry is the same trainer with 15 epochs.
#pragma warning disable SAN0003 // The audit exercises the experimental DP-SGD trainer on purpose.
        var options = new Sanitas.Learning.DpSgd.DpSgdOptions(1e-5, TargetEpsilon: 1, ClippingNorm: 1, ExpectedBatchSize: 2, Epochs: 2, LearningRate: 0.5);
        var plan = Sanitas.Learning.DpSgd.DpSgdTrainer.Plan(10, options);
        Sanitas.Learning.Neural.NeuralDataset Dataset(bool withExtreme)
        {
            var table = Data(classification: true, withExtreme);
            var x = table["x"];
            var y = table["y"];
            return new([.. Enumerable.Range(0, table.RowCount).Select(i => double.Parse(x[i]!, CultureInfo.InvariantCulture))], 1,
                [.. Enumerable.Range(0, table.RowCount).Select(i => double.Parse(y[i]!, CultureInfo.InvariantCulture))]);
        }
        var scaler = Sanitas.Learning.Neural.FeatureScaler.FromBounds([-1.0], [1.0]);
        double[] Run(Sanitas.Learning.Neural.NeuralDataset data, int n) => [.. Enumerable.Range(0, n).Select(_ =>
        {
            var network = Sanitas.Learning.Neural.MultilayerPerceptron.LogisticRegression(1);
            Sanitas.Learning.DpSgd.DpSgdTrainer.Train(network, data, scaler, plan, options, new PrivacyAccountant(plan.Cost), SecureRandom.Instance);
            return network.LayerWeights(1)[0];
        })];
#pragma warning restore SAN0003
        var d = Dataset(withExtreme: true);
        var neighbour = Dataset(withExtreme: false);
        var lowerBound = EpsilonLowerBound(n => Run(d, n), n => Run(neighbour, n), 1e-5);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"logistic/dpsgd: accountant ε = {plan.Privacy.Epsilon:G4} (δ = 1e-5, σ = {plan.NoiseMultiplier:G4}), empirical lower bound {lowerBound:F3}"));
        Assert.True(lowerBound <= plan.Privacy.Epsilon, $"DP-SGD: the empirical ε lower bound {lowerBound} exceeds the accountant's {plan.Privacy.Epsilon}");
    }

    [Fact]
    public void The_harness_catches_a_release_whose_noise_is_too_small_for_its_claim()
    {
        // A count of sensitivity 1 released with Laplace noise of scale 1 is 1-DP; claimed as 0.5-DP it must be caught.
        var mechanism = new LaplaceMechanism(1, 1);
        double[] Run(double count, int n) => [.. Enumerable.Range(0, n).Select(_ => mechanism.Release(count, SecureRandom.Instance))];
        var lowerBound = EpsilonLowerBound(n => Run(10, n), n => Run(9, n), 0, trials: 5000, calibrationTrials: 2000);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Laplace(1) on a count: empirical lower bound {lowerBound:F3} (true ε = 1)"));
        Assert.True(lowerBound > 0.5, $"the harness found only ε ≥ {lowerBound} for a 1-DP release");
    }

    private static TrainingOptions Options(string model, string mechanism)
    {
        var classification = model != "linear";
        var bounds = LearningBounds.Parse(new StringReader(classification ? "x: [-1, 1]\ny: { categories: [0, 1] }\n" : "x: [-1, 1]\ny: [-1, 1]\n"), "audit.yaml")
            .WithPublicRows(10);
        return new TrainingOptions
        {
            Target = "y",
            Model = model,
            Mechanism = mechanism,
            Epsilon = 1,
            Delta = mechanism is "adassp" or "dpsgd" ? 1e-5 : 0,
            Bounds = bounds,
            // A strong ridge keeps the output-perturbation noise near the size of one person's influence, so the audit has power.
            Regularization = mechanism == "output" ? 1 : null,
            AllowExperimental = true,
        };
    }

    /// <summary>
    /// D: nine persons following the pattern (regression y = x/2 around x = −0.5; classification x = −1 → 0,
    /// x = 1 → 1) and one extreme person against it (x = 1, y = −1, resp. x = 1, class 0). D′: D without
    /// the extreme person.
    /// </summary>
    private static Table Data(bool classification, bool withExtreme)
    {
        var xs = new List<string>();
        var ys = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            if (classification)
            {
                xs.Add(i < 4 ? "-1" : "1");
                ys.Add(i < 4 ? "0" : "1");
            }
            else
            {
                var x = -0.8 + (0.1 * i);
                xs.Add(x.ToString("R", CultureInfo.InvariantCulture));
                ys.Add((x / 2).ToString("R", CultureInfo.InvariantCulture));
            }
        }
        if (withExtreme)
        {
            xs.Add("1");
            ys.Add(classification ? "0" : "-1");
        }
        return new Table([Column.FromValues("x", xs, ColumnType.Decimal), Column.FromValues("y", ys, classification ? ColumnType.Integer : ColumnType.Decimal)]);
    }

    /// <summary>
    /// The audit: choose the event {s &gt; t} or {s ≤ t} and the side it favours from a calibration batch
    /// (the pooled 10%…90% quantiles as candidate thresholds, scored by the same Clopper–Pearson bound), then estimate it on
    /// fresh runs and return ln((p̲ − δ)/p̄) with Clopper–Pearson 95% bounds (0 when not positive).
    /// </summary>
    internal static double EpsilonLowerBound(Func<int, double[]> onD, Func<int, double[]> onNeighbour, double delta, int trials = Trials, int calibrationTrials = CalibrationTrials)
    {
        var calibrationD = onD(calibrationTrials);
        var calibrationN = onNeighbour(calibrationTrials);
        var pooled = calibrationD.Concat(calibrationN).Order().ToArray();
        var (threshold, above, dHigh) = (0.0, true, true);
        var best = double.NegativeInfinity;
        // Thresholds between the pooled 10% and 90% quantiles: tail events are too rare for a stable estimate.
        for (var k = 5; k <= 45; k++)
        {
            var t = pooled[(int)(k / 50.0 * (pooled.Length - 1))];
            foreach (var up in new[] { true, false })
            {
                var a = calibrationD.Count(v => up ? v > t : v <= t);
                var b = calibrationN.Count(v => up ? v > t : v <= t);
                foreach (var (more, fewer, favoursD) in new[] { (a, b, true), (b, a, false) })
                {
                    var bound = LowerBound(more, fewer, calibrationTrials, delta);
                    if (bound > best)
                    {
                        (best, threshold, above, dHigh) = (bound, t, up, favoursD);
                    }
                }
            }
        }
        int Hits(double[] values) => values.Count(v => above ? v > threshold : v <= threshold);
        var hitsD = Hits(onD(trials));
        var hitsN = Hits(onNeighbour(trials));
        var (high, low) = dHigh ? (hitsD, hitsN) : (hitsN, hitsD);
        return LowerBound(high, low, trials, delta);
    }

    /// <summary>ln((p̲_high − δ)/p̄_low) with Clopper–Pearson 95% bounds, or 0 when that is not positive.</summary>
    private static double LowerBound(int high, int low, int trials, double delta)
    {
        var pHigh = ClopperPearsonLower(high, trials) - delta;
        var pLow = ClopperPearsonUpper(low, trials);
        return pHigh <= 0 ? 0 : Math.Max(0, Math.Log(pHigh / pLow));
    }

    /// <summary>The lower end of the two-sided 95% Clopper–Pearson interval of k successes in n.</summary>
    internal static double ClopperPearsonLower(int k, int n) => k == 0 ? 0 : Beta.InvCDF(k, n - k + 1, 0.025);

    /// <summary>The upper end of the two-sided 95% Clopper–Pearson interval of k successes in n.</summary>
    internal static double ClopperPearsonUpper(int k, int n) => k == n ? 1 : Beta.InvCDF(k + 1, n - k, 0.975);
}
