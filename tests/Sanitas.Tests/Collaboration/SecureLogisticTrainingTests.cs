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
    public async Task Training_on_shares_matches_the_pooled_fit_and_opens_only_masked_differences_and_the_model()
    {
        var sites = FederatedCoordinatorTests.PimaSites();
        var plan = new SecureTrainingPlan([.. sites.Select(s => s.Rows)], sites[0].Width, Folds: 0, FoldSeed: 1, Iterations: 25);
        var (models, pair) = await LocalBeaverPair.TrainAsync(sites, plan, SecureRandom.Instance);
        var pooled = LocalLogistic.FitPooled(FederationDemo.Concatenate(sites, s => [.. Enumerable.Range(0, s.Rows)]));
        var reference = SecureLogisticTraining.PlaintextReference(FederationDemo.Concatenate(sites, s => [.. Enumerable.Range(0, s.Rows)]), plan.Iterations);
        // Fixed-point error: the shares compute the plaintext iteration with the same approximate sigmoid.
        var fixedPointGap = models[0].Zip(reference).Max(z => Math.Abs(z.First - z.Second));
        // Sigmoid approximation error: the approximate sigmoid's fixed point versus the maximum-likelihood estimate.
        var approximationGap = reference.Zip(pooled).Max(z => Math.Abs(z.First - z.Second));
        var gap = models[0].Zip(pooled).Max(z => Math.Abs(z.First - z.Second));
        Assert.True(fixedPointGap < 1e-3 && approximationGap < 5e-4 && gap < 1e-3, $"fixed point {fixedPointGap:E2}, approximation {approximationGap:E2}, gap {gap:E2}");

        // Every opened value but the last is a difference x − α with a fresh dealer mask α: uniform on Z_2^64.
        var openings = pair.Transcript;
        Assert.Equal("output", openings[^1].Label);
        Assert.Equal(openings.Count, openings.Select(o => o.Label).Distinct().Count());
        var masked = openings.Take(openings.Count - 1).SelectMany(o => o.Values).ToList();
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
        // The output opening is the model itself.
        var output = new FixedPointEncoding(SecureLogisticTraining.WeightBits).Decode(openings[^1].Values);
        Assert.Equal(models[0], output);
    }
}
