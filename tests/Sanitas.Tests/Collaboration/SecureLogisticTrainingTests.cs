using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Tests.Collaboration;

public sealed class SecureLogisticTrainingTests
{
    [Fact]
    public void The_degree_15_Chebyshev_sigmoid_is_within_its_stated_error_on_minus_8_to_8()
    {
        var worst = Enumerable.Range(-8000, 16001).Select(i => i / 1000.0)
            .Max(u => Math.Abs(SecureLogisticTraining.ApproximateSigmoid(u) - LocalLogistic.Sigmoid(u)));
        // The interpolant's error (an independent Python computation of the same interpolant gave 1.26e-3).
        Assert.InRange(worst, 1.0e-3, 1.3e-3);
        Assert.Equal(0.5, SecureLogisticTraining.ApproximateSigmoid(0), 12);
    }

    [Fact]
    public async Task Training_on_shares_matches_the_pooled_fit_on_pima()
    {
        var sites = FederatedCoordinatorTests.PimaSites();
        var plan = new SecureTrainingPlan([.. sites.Select(s => s.Rows)], sites[0].Width, Folds: 0, FoldSeed: 1);
        var (models, _) = await LocalBeaverPair.TrainAsync(sites, plan, SecureRandom.Instance);
        var all = FederationDemo.Concatenate(sites, s => [.. Enumerable.Range(0, s.Rows)]);
        var pooled = LocalLogistic.FitPooled(all);
        var reference = SecureLogisticTraining.PlaintextReference(all, plan.Iterations, plan.BohningSteps);
        // Fixed-point error: the shares compute the plaintext iteration with the same approximate sigmoid.
        var fixedPointGap = models[0].Zip(reference).Max(z => Math.Abs(z.First - z.Second));
        // Sigmoid approximation and the fixed step count: the plaintext iteration versus the maximum-likelihood estimate.
        var approximationGap = reference.Zip(pooled).Max(z => Math.Abs(z.First - z.Second));
        var gap = models[0].Zip(pooled).Max(z => Math.Abs(z.First - z.Second));
        Assert.True(fixedPointGap < 5e-4 && approximationGap < 5e-4 && gap < 1e-3, $"fixed point {fixedPointGap:E2}, approximation {approximationGap:E2}, gap {gap:E2}");
    }

    [Fact]
    public async Task Training_on_shares_opens_only_masked_differences_and_the_models()
    {
        var sites = Synthetic(3, 1200, 10, seed: 5);
        var plan = new SecureTrainingPlan([.. sites.Select(s => s.Rows)], sites[0].Width, Folds: 5, FoldSeed: 3);
        var (models, pairs) = await LocalBeaverPair.TrainAsync(sites, plan, SecureRandom.Instance);
        Assert.Equal(6, models.Length);
        Assert.Equal(2, pairs.Count);

        // Every opened value but each stage's last is a difference x − α with a fresh dealer mask α: uniform on Z_2^64.
        var masked = new List<ulong>();
        foreach (var pair in pairs)
        {
            var openings = pair.Transcript;
            Assert.Equal("output", openings[^1].Label);
            Assert.Equal(openings.Count, openings.Select(o => o.Label).Distinct().Count());
            masked.AddRange(openings.Take(openings.Count - 1).SelectMany(o => o.Values));
        }
        Assert.True(masked.Count > 100_000, $"{masked.Count} opened values");
        // A fixed-point value in the clear would be small (|v| < 2^40); a uniform element is that small with probability 2^-23.
        var small = masked.Count(v => (long)v is > -(1L << 40) and < 1L << 40);
        Assert.True(small <= 3, $"{small} of {masked.Count} opened values look like unmasked fixed-point numbers");
        // The top 4 bits are uniform (chi-square, 15 degrees of freedom, p = 1e-6 critical value 50.4).
        var counts = new long[16];
        masked.ForEach(v => counts[v >> 60]++);
        var expected = masked.Count / 16.0;
        var chi = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi < 50.4, $"chi-square {chi:F1}");
        // The output openings are the models themselves: the final model, then the folds' models.
        var encoding = new FixedPointEncoding(SecureLogisticTraining.WeightBits);
        Assert.Equal(models[0], encoding.Decode(pairs[0].Transcript[^1].Values));
        Assert.Equal(models[1..].SelectMany(m => m), encoding.Decode(pairs[1].Transcript[^1].Values));

        // The final model is the maximum-likelihood fit within 1e-3. Each fold's model is one Newton step from it
        // with the fold's exact statistics: its distance to the fold's maximum-likelihood fit is quadratic in the
        // distance between the two fits (here a fifth of 3,600 rows left out: up to ~1e-3; on the seed workload's
        // 49,152 rows and 10 folds 3e-5), and its held-out AUC is the fold MLE's within 1e-3.
        var all = FederationDemo.Concatenate(sites, s => [.. Enumerable.Range(0, s.Rows)]);
        Assert.True(models[0].Zip(LocalLogistic.FitPooled(all)).Max(z => Math.Abs(z.First - z.Second)) < 1e-3);
        for (var f = 0; f < plan.Folds; f++)
        {
            var fold = f;
            var mle = LocalLogistic.FitPooled(FederationDemo.Concatenate(sites, s => s.Select(fold, plan.Folds, plan.FoldSeed, test: false)));
            var gap = models[1 + f].Zip(mle).Max(z => Math.Abs(z.First - z.Second));
            Assert.True(gap < 2.5e-3, $"fold {f}: {gap:E2} from its maximum-likelihood fit");
            var held = FederationDemo.Concatenate(sites, s => s.Select(fold, plan.Folds, plan.FoldSeed, test: true));
            double Auc(double[] w) => Sanitas.Learning.ModelMetrics.Auc(held.Y, [.. Enumerable.Range(0, held.Rows).Select(i => System.Numerics.Tensors.TensorPrimitives.Dot(held.Row(i), w))]);
            Assert.True(Math.Abs(Auc(models[1 + f]) - Auc(mle)) < 1e-3, $"fold {f}: AUC {Auc(models[1 + f])} vs {Auc(mle)}");
        }
    }

    /// <summary>Sites drawn from the seed workload's logistic model (MulticentreSample's coefficients), seeded: test data, not a release.</summary>
    internal static List<SiteData> Synthetic(int sites, int rowsPerSite, int features, int seed)
    {
        var beta = MulticentreSample.TrueCoefficients(features);
        var random = new Random(seed);
        var result = new List<SiteData>();
        for (var s = 0; s < sites; s++)
        {
            var width = features + 1;
            var x = new double[rowsPerSite * width];
            var y = new double[rowsPerSite];
            for (var i = 0; i < rowsPerSite; i++)
            {
                x[i * width] = 1;
                var u = beta[0];
                for (var j = 1; j < width; j++)
                {
                    var v = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    x[(i * width) + j] = v;
                    u += beta[j] * v;
                }
                y[i] = random.NextDouble() < LocalLogistic.Sigmoid(u) ? 1 : 0;
            }
            result.Add(new SiteData(x, y, width));
        }
        return result;
    }
}
