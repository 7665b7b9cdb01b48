using MathNet.Numerics.LinearAlgebra;

namespace Sanitas.Learning;

/// <summary>
/// Linear regression fits on encoded data: inputs x̃ = (1, x₁..x_p) with every xⱼ in [−1, 1] and
/// the target y in [−1, 1] (declared bounds), D = p + 1. Neighbouring data sets differ by adding or
/// removing one person (at most R rows), the relation the query ledger uses; no fit reads the exact
/// row count: where an objective needs n it uses the constant N̂ of <see cref="FitContext.Rows"/>.
/// </summary>
internal static class LinearMechanisms
{
    /// <summary>Ordinary least squares, or ridge with the intercept unpenalized (Householder QR). Not private.</summary>
    public static FitResult Ordinary(DesignMatrix data, FitContext context) =>
        new(LinearAlgebra.LeastSquares(data, context.Regularization));

    /// <summary>
    /// Output perturbation of ridge regression (Chaudhuri, Monteleoni &amp; Sarwate 2011, JMLR 12,
    /// Algorithm 1 and Corollary 8, applied to the squared loss), under add/remove-one-person. With
    /// z = x̃/√D (‖z‖ ≤ 1), the constant N̂ and the ball 𝒲 = {‖w‖ ≤ B}, B = √(2/Λ), the released
    /// w* = argmin_{w ∈ 𝒲} (1/N̂) Σ (yᵢ − wᵀzᵢ)² + (Λ/2)‖w‖². On 𝒲 each row's loss is L-Lipschitz with
    /// L = 2(1 + B), and the objective is Λ-strongly convex, so adding or removing R rows moves the
    /// constrained minimizer by at most RL/(N̂Λ) in L2 (the first-order optimality argument of
    /// Chaudhuri et al.'s Lemma 7 holds on any convex set), √D times that in L1. The ball replaces
    /// the paper's bound ‖w*‖ ≤ √(2/Λ), which needed J(0) ≤ 1, i.e. the exact n; when n ≤ N̂ the
    /// constraint is inactive. Laplace noise of that L1 sensitivity per coordinate: ε-DP.
    /// </summary>
    public static FitResult OutputPerturbation(DesignMatrix data, FitContext context)
    {
        var d = data.Width;
        var lambda = context.Regularization;
        var (gram, moment) = LinearAlgebra.SufficientStatistics(data);
        var g = Matrix<double>.Build.Dense(d, d, (i, j) => gram[i, j] / d);
        var b = Vector<double>.Build.Dense(d, j => moment[j] / Math.Sqrt(d));
        var radius = Math.Sqrt(2 / lambda);
        var w = BallConstrainedRidge(g, b, context.Rows * lambda / 2, radius);
        var lipschitz = 2 * (1 + radius);
        var l2 = context.MaxRowsPerUnit * lipschitz / (context.Rows * lambda);
        VectorNoise.Laplace(w, Math.Sqrt(d) * l2, context.Epsilon, context.Random);
        return new FitResult(w.Select(v => v / Math.Sqrt(d)).ToArray());
    }

    /// <summary>argmin over ‖w‖ ≤ <paramref name="radius"/> of wᵀGw − 2bᵀw + ridge‖w‖²: (G + (ridge + μ)I)w = b with μ ≥ 0 by bisection on the eigenbasis of G.</summary>
    internal static double[] BallConstrainedRidge(Matrix<double> g, Vector<double> b, double ridge, double radius)
    {
        var evd = g.Evd(Symmetricity.Symmetric);
        var q = evd.EigenVectors;
        var c = q.TransposeThisAndMultiply(b);
        var eigen = evd.EigenValues.Select(v => Math.Max(0, v.Real)).ToArray();
        double Norm(double mu)
        {
            double sum = 0;
            for (var i = 0; i < eigen.Length; i++)
            {
                var t = c[i] / (eigen[i] + ridge + mu);
                sum += t * t;
            }
            return Math.Sqrt(sum);
        }
        double muStar = 0;
        if (Norm(0) > radius)
        {
            double low = 0, high = (b.L2Norm() / radius) + 1;
            for (var iteration = 0; iteration < 200 && high - low > 1e-14 * high; iteration++)
            {
                var mid = (low + high) / 2;
                (Norm(mid) > radius ? ref low : ref high) = mid;
            }
            muStar = high;
        }
        var scaled = Vector<double>.Build.Dense(eigen.Length, i => c[i] / (eigen[i] + ridge + muStar));
        return (q * scaled).ToArray();
    }

    /// <summary>
    /// The Functional Mechanism (Zhang, Zhang, Xiao, Yang &amp; Winslett 2012, PVLDB 5(11),
    /// Algorithm 1 and Section 4.2). The objective Σ (yᵢ − wᵀx̃ᵢ)² is the polynomial
    /// Σ yᵢ² − 2 Σⱼ (Σᵢ yᵢx̃ᵢⱼ) wⱼ + Σ_{j≤l} cⱼₗ wⱼwₗ with cⱼⱼ = Σᵢ x̃ᵢⱼ² and cⱼₗ = 2 Σᵢ x̃ᵢⱼx̃ᵢₗ.
    /// One row contributes at most Σⱼ 2|yx̃ⱼ| + (Σⱼ |x̃ⱼ|)² ≤ 2D + D² in L1 to the D + D(D+1)/2
    /// coefficients of degree 1 and 2; adding or removing a person adds or removes at most R such
    /// contributions (the paper's Lemma 1 gives 2(1 + 2d + d²) for replacing a row and counts the
    /// constant y², which we neither release nor need), so Δ = R(D² + 2D) and Laplace noise of
    /// scale Δ/ε on every coefficient is ε-DP. The noisy quadratic may be indefinite: it is
    /// minimized after a ridge shift of 4b√D (b the noise scale, data-independent: above the
    /// typical spectral norm ≈ 2√2·b√D of the symmetric noise matrix, by the semicircle law) and spectral
    /// trimming of the remaining non-positive eigenvalues (the paper's Section 6), both
    /// post-processing.
    /// </summary>
    public static FitResult FunctionalMechanism(DesignMatrix data, FitContext context)
    {
        var d = data.Width;
        var (gram, moment) = LinearAlgebra.SufficientStatistics(data);
        var sensitivity = context.MaxRowsPerUnit * ((d * d) + (2.0 * d));
        var coefficients = new double[d + (d * (d + 1) / 2)];
        var k = 0;
        for (var j = 0; j < d; j++)
        {
            coefficients[k++] = -2 * moment[j];
        }
        for (var j = 0; j < d; j++)
        {
            for (var l = j; l < d; l++)
            {
                coefficients[k++] = (j == l ? 1 : 2) * gram[j, l];
            }
        }
        VectorNoise.Laplace(coefficients, sensitivity, context.Epsilon, context.Random);
        var noisyMoment = new double[d];
        var noisyGram = new double[d, d];
        k = 0;
        for (var j = 0; j < d; j++)
        {
            noisyMoment[j] = -coefficients[k++] / 2;
        }
        for (var j = 0; j < d; j++)
        {
            for (var l = j; l < d; l++)
            {
                var c = coefficients[k++];
                noisyGram[j, l] = noisyGram[l, j] = j == l ? c : c / 2;
            }
        }
        var shift = (4 * VectorNoise.LaplaceScale(sensitivity, context.Epsilon) * Math.Sqrt(d)) + context.Regularization;
        return new FitResult(LinearAlgebra.TrimmedSolve(noisyGram, noisyMoment, shift));
    }

    /// <summary>
    /// AdaSSP, adaptive sufficient-statistics perturbation (Wang 2018, "Revisiting differentially
    /// private linear regression", UAI, Algorithm 2), with z = x̃/√D so ‖z‖ ≤ 1 = B_X and |y| ≤ 1 = B_Y.
    /// Three Gaussian releases of (ε/3, δ/3) each (basic composition gives (ε, δ)), with add/remove-R-rows
    /// L2 sensitivities: λ_min(ZᵀZ) (R·B_X², by Weyl: adding zzᵀ moves every eigenvalue by at most
    /// ‖z‖²), the upper triangle of ZᵀZ (Frobenius R·B_X²) and Zᵀy (R·B_X·B_Y). Then λ = max(0, σ√(D log(2D²/ρ)) − λ̃_min) with ρ = 0.05 and
    /// θ = (ZᵀZ~ + λI)⁻¹ Zᵀy~. Noise is calibrated with the analytic Gaussian mechanism (Balle &amp; Wang
    /// 2018) instead of the paper's classical bound.
    /// </summary>
    public static FitResult AdaSsp(DesignMatrix data, FitContext context)
    {
        const double Rho = 0.05;
        var d = data.Width;
        var (gram, moment) = LinearAlgebra.SufficientStatistics(data);
        for (var j = 0; j < d; j++)
        {
            moment[j] /= Math.Sqrt(d);
            for (var l = 0; l < d; l++)
            {
                gram[j, l] /= d;
            }
        }
        var eps = context.Epsilon / 3;
        var delta = context.Delta / 3;
        var sensitivity = (double)context.MaxRowsPerUnit;
        var sigma = VectorNoise.GaussianSigma(sensitivity, eps, delta);
        var minEigen = new[] { LinearAlgebra.SmallestEigenvalue(gram) };
        VectorNoise.Gaussian(minEigen, sensitivity, eps, delta, context.Random);
        var lowerMin = Math.Max(0, minEigen[0] - (sigma * Math.Sqrt(Math.Log(6 / context.Delta))));
        var lambda = Math.Max(0, (sigma * Math.Sqrt(d * Math.Log(2.0 * d * d / Rho))) - lowerMin);
        var upper = new double[d * (d + 1) / 2];
        var k = 0;
        for (var j = 0; j < d; j++)
        {
            for (var l = j; l < d; l++)
            {
                upper[k++] = gram[j, l];
            }
        }
        VectorNoise.Gaussian(upper, sensitivity, eps, delta, context.Random);
        VectorNoise.Gaussian(moment, sensitivity, eps, delta, context.Random);
        k = 0;
        for (var j = 0; j < d; j++)
        {
            for (var l = j; l < d; l++)
            {
                gram[j, l] = gram[l, j] = upper[k++];
            }
        }
        var w = LinearAlgebra.TrimmedSolve(gram, moment, lambda);
        return new FitResult(w.Select(v => v / Math.Sqrt(d)).ToArray());
    }

    /// <summary>
    /// NOT differentially private; a baseline only (the study's approach). OLS plus Laplace noise
    /// whose scale is the largest L1 change of the coefficients when one row is deleted, computed
    /// on the private data itself (leave-one-out via the hat matrix). The sensitivity leaks the data
    /// and is no bound over neighbouring data sets, so this carries no guarantee.
    /// </summary>
    public static FitResult EmpiricalBaselineNotDp(DesignMatrix data, FitContext context)
    {
        var d = data.Width;
        var (gram, _) = LinearAlgebra.SufficientStatistics(data);
        var a = Matrix<double>.Build.Dense(d, d, (i, j) => gram[i, j] + (i == j ? 1e-9 : 0));
        var inverse = a.Inverse();
        var w = LinearAlgebra.LeastSquares(data, 1e-9);
        double sensitivity = 0;
        var x = Vector<double>.Build.Dense(d);
        for (var i = 0; i < data.Rows; i++)
        {
            var row = data.Row(i);
            for (var j = 0; j < d; j++)
            {
                x[j] = row[j];
            }
            var ax = inverse * x;
            var h = x.DotProduct(ax);
            var residual = data.Y[i] - System.Numerics.Tensors.TensorPrimitives.Dot(row, w);
            sensitivity = Math.Max(sensitivity, ax.L1Norm() * Math.Abs(residual / Math.Max(1 - h, 1e-12)));
        }
        VectorNoise.Laplace(w, Math.Max(sensitivity, 1e-12), context.Epsilon, context.Random);
        return new FitResult(w);
    }
}
