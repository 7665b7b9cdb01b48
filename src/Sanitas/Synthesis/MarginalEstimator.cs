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
        var owner = measurements.Select(m => tree.CliqueContaining(m.Attributes)).ToArray();
        var theta = tree.Cliques.Select(c => Factor.Filled(c, sizes, 0)).ToArray();
        if (warmStart is not null)
        {
            foreach (var p in warmStart.Potentials)
            {
                theta[tree.CliqueContaining(p.Attributes)].AddInPlace(p, sizes);
            }
        }
        var mu = GraphicalModel.Calibrate(tree, sizes, theta, total);
        var (loss, gradient) = Loss(tree, sizes, measurements, owner, mu);
        var alpha = 1.0 / Math.Max(1, total);
        var stalled = 0;
        for (var t = 0; t < iterations && stalled < StallLimit; t++)
        {
            ct.ThrowIfCancellationRequested();
            var (omega, nu, currentLoss, currentGradient) = (theta, mu, loss, gradient);
            alpha *= 2;
            for (var attempt = 0; attempt < 25; attempt++)
            {
                theta = new Factor[omega.Length];
                for (var c = 0; c < omega.Length; c++)
                {
                    var values = new double[omega[c].Size];
                    TensorPrimitives.MultiplyAdd(currentGradient[c].Values, -alpha, omega[c].Values, values);
                    theta[c] = new Factor(omega[c].Attributes, omega[c].Shape, values);
                }
                mu = GraphicalModel.Calibrate(tree, sizes, theta, total);
                (loss, gradient) = Loss(tree, sizes, measurements, owner, mu);
                var decrease = 0.0;
                for (var c = 0; c < mu.Length; c++)
                {
                    var diff = new double[mu[c].Size];
                    TensorPrimitives.Subtract(nu[c].Values, mu[c].Values, diff);
                    decrease += TensorPrimitives.Dot<double>(currentGradient[c].Values, diff);
                }
                if (currentLoss - loss >= 0.5 * alpha * decrease)
                {
                    break;
                }
                alpha *= 0.5;
            }
            if (!(loss <= currentLoss))
            {
                // No step of the line search improved: keep the better point and stop.
                (theta, mu, loss) = (omega, nu, currentLoss);
                break;
            }
            stalled = currentLoss - loss <= StallTolerance * (1 + currentLoss) ? stalled + 1 : 0;
        }
        return new GraphicalModel(tree, sizes, theta, total);
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

    private static (double Loss, Factor[] Gradient) Loss(JunctionTree tree, int[] sizes, IReadOnlyList<Measurement> measurements, int[] owner, Factor[] mu)
    {
        var gradient = tree.Cliques.Select(c => Factor.Filled(c, sizes, 0)).ToArray();
        var loss = 0.0;
        for (var i = 0; i < measurements.Count; i++)
        {
            var m = measurements[i];
            var c = owner[i];
            var marginal = mu[c].Sum(m.Attributes);
            var g = new double[marginal.Size];
            var inverseVariance = 1 / (m.Sigma * m.Sigma);
            for (var k = 0; k < g.Length; k++)
            {
                var w = m.Weight(k);
                var diff = marginal.Values[k] - m.Values[k];
                loss += 0.5 * w * w * diff * diff * inverseVariance;
                g[k] = w * w * diff * inverseVariance;
            }
            gradient[c].AddInPlace(new Factor(marginal.Attributes, marginal.Shape, g), sizes);
        }
        return (loss, gradient);
    }
}
