using MathNet.Numerics.LinearAlgebra;

namespace Sanitas.Learning;

/// <summary>Small dense solvers on top of MathNet: least squares by Householder QR, Gram sums, trimmed eigen-solves.</summary>
internal static class LinearAlgebra
{
    /// <summary>
    /// Minimizes ‖y − Xw‖² + ridge·‖w₁..‖² (the intercept, column 0, is not penalized) by
    /// Householder QR of the augmented matrix [X; √ridge·I], never forming XᵀX.
    /// </summary>
    public static double[] LeastSquares(DesignMatrix data, double ridge)
    {
        var d = data.Width;
        var extra = ridge > 0 ? d - 1 : 0;
        var a = Matrix<double>.Build.Dense(data.Rows + extra, d);
        for (var i = 0; i < data.Rows; i++)
        {
            var row = data.Row(i);
            for (var j = 0; j < d; j++)
            {
                a[i, j] = row[j];
            }
        }
        var b = Vector<double>.Build.Dense(data.Rows + extra);
        for (var i = 0; i < data.Rows; i++)
        {
            b[i] = data.Y[i];
        }
        for (var j = 1; j <= extra; j++)
        {
            a[data.Rows + j - 1, j] = Math.Sqrt(ridge);
        }
        return a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Solve(b).ToArray();
    }

    /// <summary>Σ xxᵀ (upper and lower filled) and Σ y·x over the rows.</summary>
    public static (double[,] Gram, double[] Moment) SufficientStatistics(DesignMatrix data)
    {
        var d = data.Width;
        var gram = new double[d, d];
        var moment = new double[d];
        for (var i = 0; i < data.Rows; i++)
        {
            var row = data.Row(i);
            var y = data.Y.Length > 0 ? data.Y[i] : 0;
            for (var j = 0; j < d; j++)
            {
                var xj = row[j];
                moment[j] += y * xj;
                for (var l = j; l < d; l++)
                {
                    gram[j, l] += xj * row[l];
                }
            }
        }
        for (var j = 0; j < d; j++)
        {
            for (var l = 0; l < j; l++)
            {
                gram[j, l] = gram[l, j];
            }
        }
        return (gram, moment);
    }

    /// <summary>
    /// Solves (A + shift·I) w = b for symmetric A over its positive spectrum only: eigenvalues ≤ 0
    /// after the shift are dropped (spectral trimming, Zhang et al. 2012, Section 6), so a noisy,
    /// indefinite A still gives a bounded minimizer of wᵀAw − 2bᵀw.
    /// </summary>
    public static double[] TrimmedSolve(double[,] a, double[] b, double shift)
    {
        var d = b.Length;
        var m = Matrix<double>.Build.Dense(d, d, (i, j) => ((a[i, j] + a[j, i]) / 2) + (i == j ? shift : 0));
        var evd = m.Evd(Symmetricity.Symmetric);
        var q = evd.EigenVectors;
        var values = evd.EigenValues;
        var w = new double[d];
        var largest = values.Select(v => v.Real).DefaultIfEmpty(0).Max();
        for (var k = 0; k < d; k++)
        {
            var lambda = values[k].Real;
            if (lambda <= Math.Max(1e-12 * largest, 1e-300))
            {
                continue;
            }
            double proj = 0;
            for (var i = 0; i < d; i++)
            {
                proj += q[i, k] * b[i];
            }
            proj /= lambda;
            for (var i = 0; i < d; i++)
            {
                w[i] += q[i, k] * proj;
            }
        }
        return w;
    }

    /// <summary>The smallest eigenvalue of a symmetric matrix.</summary>
    public static double SmallestEigenvalue(double[,] a)
    {
        var d = a.GetLength(0);
        var m = Matrix<double>.Build.Dense(d, d, (i, j) => a[i, j]);
        return m.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).Min();
    }
}
