namespace Sanitas.Learning;

/// <summary>
/// Logistic regression fits on encoded data: x̃ = (1, x₁..x_p), every xⱼ in [−1, 1], D = p + 1,
/// y ∈ {0, 1} (1 = the last declared class). Neighbouring data sets differ by adding or removing
/// one person (at most R rows), the query ledger's relation; where an objective needs n it uses the
/// constant N̂ of <see cref="FitContext.Rows"/> (declared public or a DP estimate), never the exact count.
/// </summary>
internal static class LogisticMechanisms
{
    /// <summary>Maximum likelihood (with an optional L2 penalty, intercept unpenalized) by Newton's method. Not private.</summary>
    public static FitResult Ordinary(DesignMatrix data, FitContext context) =>
        new(LogisticSolver.Fit(data, context.Regularization, penalizeIntercept: false, ct: context.CancellationToken));

    /// <summary>
    /// Output perturbation (Chaudhuri, Monteleoni &amp; Sarwate 2011, JMLR 12, Algorithm 1 and
    /// Corollary 8) under add/remove-one-person: with z = x̃/√D (‖z‖ ≤ 1) the logistic loss is
    /// 1-Lipschitz and J(w) = (1/N̂) Σ ℓ + (Λ/2)‖w‖² is Λ-strongly convex, so adding or removing R rows
    /// moves the minimizer by at most R/(N̂Λ) in L2 (√D times that in L1), for any constant N̂; Laplace
    /// noise of that L1 sensitivity per coordinate is ε-DP (the paper's spherical noise, replaced by
    /// the exact coordinate sampler).
    /// </summary>
    public static FitResult OutputPerturbation(DesignMatrix data, FitContext context)
    {
        var d = data.Width;
        var z = Shrink(data);
        var lambda = context.Regularization;
        var w = LogisticSolver.Fit(z, lambda, penalizeIntercept: true, ct: context.CancellationToken, normalizer: context.Rows);
        var l2 = context.MaxRowsPerUnit / (context.Rows * lambda);
        VectorNoise.Laplace(w, Math.Sqrt(d) * l2, context.Epsilon, context.Random);
        return new FitResult(w.Select(v => v / Math.Sqrt(d)).ToArray());
    }

    /// <summary>
    /// Objective perturbation (Chaudhuri, Monteleoni &amp; Sarwate 2011, JMLR 12, Algorithm 2 and
    /// Theorem 9), for one row per person, re-derived for add/remove-one-row with the constant N̂
    /// (as Kifer, Smith &amp; Thakurta 2012 do for unnormalized objectives). The release is the
    /// minimizer of Σ ℓ(w; zᵢ) + (N̂Λ′/2)‖w‖² + bᵀw (z = x̃/√D, Λ′ = Λ + Δ). Adding a row z changes
    /// the b that maps to a given w by ∇ℓ(w; z), of L2 norm ≤ 1, hence L1 ≤ √D: with b's coordinates
    /// independent Laplace of scale √D/ε′ the density ratio is at most e^{ε′}. The Jacobian of b ↦ w
    /// changes by the rank-one ℓ''·zzᵀ, ℓ'' ≤ c = 1/4, against a Hessian ≥ N̂Λ′I: the determinant
    /// ratio is at most 1 + c/(N̂Λ′). So ε′ = ε − log(1 + c/(N̂Λ)); if ε′ ≤ ε/2, the extra ridge
    /// Δ = c/(N̂(e^{ε/2} − 1)) − Λ makes the Jacobian term ε/2 and ε′ = ε/2. ε-DP for any constant N̂.
    /// </summary>
    public static FitResult ObjectivePerturbation(DesignMatrix data, FitContext context)
    {
        const double C = 0.25;
        var d = data.Width;
        var n = context.Rows;
        var lambda = context.Regularization;
        var epsilonPrime = context.Epsilon - Math.Log(1 + (C / (n * lambda)));
        double extra = 0;
        if (epsilonPrime <= context.Epsilon / 2)
        {
            extra = Math.Max(0, (C / (n * (Math.Exp(context.Epsilon / 2) - 1))) - lambda);
            epsilonPrime = context.Epsilon / 2;
        }
        var b = new double[d];
        VectorNoise.Laplace(b, Math.Sqrt(d), epsilonPrime, context.Random);
        for (var j = 0; j < d; j++)
        {
            b[j] /= n;
        }
        var w = LogisticSolver.Fit(Shrink(data), lambda + extra, penalizeIntercept: true, b, context.CancellationToken, normalizer: n);
        return new FitResult(w.Select(v => v / Math.Sqrt(d)).ToArray());
    }

    /// <summary>
    /// The Functional Mechanism for logistic regression (Zhang et al. 2012, PVLDB 5(11), Section 5):
    /// the loss log(1 + e^s) − ys, s = wᵀx̃, is replaced by its Taylor expansion at 0,
    /// log 2 + (½ − y)s + s²/8, a quadratic in w with degree-1 coefficients Σᵢ (½ − yᵢ)x̃ᵢⱼ and
    /// degree-2 coefficients Σᵢ x̃ᵢⱼ²/8 and Σᵢ x̃ᵢⱼx̃ᵢₗ/4 (j &lt; l). One row contributes at most D/2 + D²/8 in
    /// L1 and adding or removing a person adds or removes at most R rows, so Δ = R(D/2 + D²/8) and Laplace noise of scale Δ/ε per coefficient is ε-DP. The noisy
    /// quadratic is minimized with a data-independent ridge shift and spectral trimming (post-processing).
    /// </summary>
    public static FitResult FunctionalMechanism(DesignMatrix data, FitContext context)
    {
        var d = data.Width;
        var gram = new double[d, d];
        var linear = new double[d];
        for (var i = 0; i < data.Rows; i++)
        {
            var row = data.Row(i);
            var factor = 0.5 - data.Y[i];
            for (var j = 0; j < d; j++)
            {
                linear[j] += factor * row[j];
                for (var l = j; l < d; l++)
                {
                    gram[j, l] += row[j] * row[l];
                }
            }
        }
        var sensitivity = context.MaxRowsPerUnit * ((d / 2.0) + (d * d / 8.0));
        var coefficients = new double[d + (d * (d + 1) / 2)];
        var k = 0;
        for (var j = 0; j < d; j++)
        {
            coefficients[k++] = linear[j];
        }
        for (var j = 0; j < d; j++)
        {
            for (var l = j; l < d; l++)
            {
                coefficients[k++] = gram[j, l] / (j == l ? 8 : 4);
            }
        }
        VectorNoise.Laplace(coefficients, sensitivity, context.Epsilon, context.Random);
        // Objective aᵀw + ½ wᵀAw with A = M/4: minimizer solves A w = −a.
        var a = new double[d];
        var matrix = new double[d, d];
        k = 0;
        for (var j = 0; j < d; j++)
        {
            a[j] = -coefficients[k++];
        }
        for (var j = 0; j < d; j++)
        {
            for (var l = j; l < d; l++)
            {
                var c = coefficients[k++];
                matrix[j, l] = matrix[l, j] = j == l ? 2 * c : c;
            }
        }
        var shift = (4 * VectorNoise.LaplaceScale(sensitivity, context.Epsilon) * Math.Sqrt(d)) + context.Regularization;
        return new FitResult(LinearAlgebra.TrimmedSolve(matrix, a, shift));
    }

    /// <summary>The same rows scaled by 1/√D, so that every row has L2 norm at most 1.</summary>
    private static DesignMatrix Shrink(DesignMatrix data)
    {
        var factor = 1 / Math.Sqrt(data.Width);
        var x = new double[data.X.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(data.X, factor, x);
        return new DesignMatrix(x, data.Y, data.Rows, data.Width);
    }
}
