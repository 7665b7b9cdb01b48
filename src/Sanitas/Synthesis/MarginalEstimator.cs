using System.Numerics.Tensors;

namespace Sanitas.Synthesis;

/// <summary>
/// Private-PGM's estimator (McKenna, Sheldon &amp; Miklau 2019, ICML, Algorithm 1 with Armijo line
/// search as in its <c>FactoredInference.mirror_descent</c>): finds the graphical model whose
/// marginals μ minimize L(μ) = ½ Σᵢ ‖(μ_{Cᵢ} − yᵢ)/σᵢ‖² over the noisy measurements, by entropic
/// mirror descent on the log-potentials, θ ← θ − α ∇L(μ(θ)), with μ(θ) from belief propagation.
/// The loss is convex in μ and the marginals of a junction tree are exact, so the fit converges to
/// the maximum-likelihood marginals (exactly the true ones when the measurements are noiseless
/// and consistent). Pure post-processing of the measurements: no data is read.
/// </summary>
internal static class MarginalEstimator
{
    // Stop early once the loss has stopped moving (relative change below 1e-10 for 25 iterations in a row).
    private const double StallTolerance = 1e-10;
    private const int StallLimit = 25;

    /// <summary>Fits a model to the measurements.</summary>
    /// <param name="sizes">Every attribute's number of cells.</param>
    /// <param name="measurements">The noisy marginals (every attribute should appear in one).</param>
    /// <param name="iterations">Mirror-descent iterations.</param>
    /// <param name="warmStart">A previous model over a subset of these cliques, to start from.</param>
    /// <param name="extraCliques">Cliques to include in the model without a measurement.</param>
    /// <param name="ct">Cancels the fit.</param>
    public static GraphicalModel Estimate(int[] sizes, IReadOnlyList<Measurement> measurements, int iterations,
        GraphicalModel? warmStart = null, IEnumerable<int[]>? extraCliques = null, CancellationToken ct = default)
    {
        var cliques = measurements.Select(m => m.Attributes)
            .Concat(extraCliques ?? [])
            .Concat(warmStart?.Tree.Cliques ?? [])
            .Concat(Enumerable.Range(0, sizes.Length).Select(a => new[] { a }))
            .ToList();
        var tree = JunctionTree.Build(cliques, sizes);
        var total = EstimateTotal(measurements);
        var inference = new TreeInference(tree, sizes, measurements);
        var start = tree.Cliques.Select(c => Factor.Filled(c, sizes, 0)).ToArray();
        if (warmStart is not null)
        {
            foreach (var p in warmStart.Potentials)
            {
                start[tree.CliqueContaining(p.Attributes)].AddInPlace(p, sizes);
            }
        }
        // Two sets of buffers, swapped when a step is accepted: (θ, μ, ∇) and the candidate's.
        var theta = start.Select(f => f.Values).ToArray();
        var mu = inference.NewBuffers();
        var gradient = inference.NewBuffers();
        var nextTheta = inference.NewBuffers();
        var nextMu = inference.NewBuffers();
        var nextGradient = inference.NewBuffers();
        inference.Calibrate(theta, total, mu);
        var loss = inference.Loss(mu, gradient);
        var alpha = 1.0 / Math.Max(1, total);
        var stalled = 0;
        for (var t = 0; t < iterations && stalled < StallLimit; t++)
        {
            ct.ThrowIfCancellationRequested();
            alpha *= 2;
            var nextLoss = double.NaN;
            for (var attempt = 0; attempt < 25; attempt++)
            {
                for (var c = 0; c < theta.Length; c++)
                {
                    TensorPrimitives.MultiplyAdd(gradient[c], -alpha, theta[c], nextTheta[c]);
                }
                inference.Calibrate(nextTheta, total, nextMu);
                nextLoss = inference.Loss(nextMu, nextGradient);
                var decrease = 0.0;
                for (var c = 0; c < mu.Length; c++)
                {
                    // ∇·(μ − μ') without a temporary: ∇·μ − ∇·μ'.
                    decrease += TensorPrimitives.Dot<double>(gradient[c], mu[c]) - TensorPrimitives.Dot<double>(gradient[c], nextMu[c]);
                }
                if (loss - nextLoss >= 0.5 * alpha * decrease)
                {
                    break;
                }
                alpha *= 0.5;
            }
            if (!(nextLoss <= loss))
            {
                // No step of the line search improved: keep the better point and stop.
                break;
            }
            stalled = loss - nextLoss <= StallTolerance * (1 + loss) ? stalled + 1 : 0;
            (theta, nextTheta) = (nextTheta, theta);
            (mu, nextMu) = (nextMu, mu);
            (gradient, nextGradient) = (nextGradient, gradient);
            loss = nextLoss;
        }
        var potentials = tree.Cliques.Select((c, i) => new Factor(c, start[i].Shape, theta[i])).ToArray();
        return new GraphicalModel(tree, sizes, potentials, total);
    }

    /// <summary>The inverse-variance weighted mean of the measured totals (at least 1).</summary>
    internal static double EstimateTotal(IReadOnlyList<Measurement> measurements)
    {
        double weighted = 0, weights = 0;
        foreach (var m in measurements)
        {
            var variance = Math.Max(m.TotalVariance(), 1e-12);
            weighted += m.Values.Sum() / variance;
            weights += 1 / variance;
        }
        return weights > 0 ? Math.Max(1, weighted / weights) : 1;
    }
}
