using MathNet.Numerics.LinearAlgebra;

namespace Sanitas.Learning;

/// <summary>
/// Minimizes F(w) = (1/N) Σ [log(1 + e^{wᵀxᵢ}) − yᵢ wᵀxᵢ] + (Λ/2)‖w‖² + cᵀw by Newton's method
/// (iteratively reweighted least squares) with step halving; y ∈ {0, 1}. The penalty skips the
/// intercept unless <c>penalizeIntercept</c> (Chaudhuri et al.'s analysis penalizes every weight).
/// N is the row count, or the given normalizer (a DP fit's constant N̂).
/// </summary>
internal static class LogisticSolver
{
    public static double[] Fit(DesignMatrix data, double lambda, bool penalizeIntercept, double[]? linear = null, CancellationToken ct = default, double? normalizer = null)
    {
        var d = data.Width;
        var rows = data.Rows;
        var n = normalizer ?? Math.Max(1, data.Rows);
        var w = new double[d];
        var value = Objective(data, w, lambda, penalizeIntercept, linear, n);
        var gradient = new double[d];
        var hessian = Matrix<double>.Build.Dense(d, d);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            Array.Clear(gradient);
            hessian.Clear();
            for (var i = 0; i < rows; i++)
            {
                var row = data.Row(i);
                var p = Sigmoid(Dot(row, w));
                var r = (p - data.Y[i]) / n;
                var s = p * (1 - p) / n;
                for (var j = 0; j < d; j++)
                {
                    gradient[j] += r * row[j];
                    var sj = s * row[j];
                    for (var l = j; l < d; l++)
                    {
                        hessian[j, l] += sj * row[l];
                    }
                }
            }
            for (var j = 0; j < d; j++)
            {
                for (var l = 0; l < j; l++)
                {
                    hessian[j, l] = hessian[l, j];
                }
                var penalized = j > 0 || penalizeIntercept;
                gradient[j] += (penalized ? lambda * w[j] : 0) + (linear?[j] ?? 0);
                hessian[j, j] += (penalized ? lambda : 0) + 1e-12;
            }
            var step = hessian.Cholesky().Solve(Vector<double>.Build.Dense(gradient));
            var t = 1.0;
            var candidate = new double[d];
            double next;
            do
            {
                for (var j = 0; j < d; j++)
                {
                    candidate[j] = w[j] - (t * step[j]);
                }
                next = Objective(data, candidate, lambda, penalizeIntercept, linear, n);
                t /= 2;
            }
            while (next > value + 1e-15 && t > 1e-10);
            var decrease = value - next;
            if (next <= value)
            {
                Array.Copy(candidate, w, d);
                value = next;
            }
            if (decrease < 1e-14 * Math.Max(1, Math.Abs(value)) || step.L2Norm() < 1e-12)
            {
                break;
            }
        }
        return w;
    }

    public static double Sigmoid(double s) => s >= 0 ? 1 / (1 + Math.Exp(-s)) : Math.Exp(s) / (1 + Math.Exp(s));

    private static double Objective(DesignMatrix data, double[] w, double lambda, bool penalizeIntercept, double[]? linear, double n)
    {
        double sum = 0;
        for (var i = 0; i < data.Rows; i++)
        {
            var s = Dot(data.Row(i), w);
            // log(1 + e^s) computed without overflow.
            sum += (s > 0 ? s + double.LogP1(Math.Exp(-s)) : double.LogP1(Math.Exp(s))) - (data.Y[i] * s);
        }
        var value = sum / n;
        for (var j = penalizeIntercept ? 0 : 1; j < w.Length; j++)
        {
            value += lambda / 2 * w[j] * w[j];
        }
        if (linear is not null)
        {
            for (var j = 0; j < w.Length; j++)
            {
                value += linear[j] * w[j];
            }
        }
        return value;
    }

    private static double Dot(ReadOnlySpan<double> x, double[] w) => System.Numerics.Tensors.TensorPrimitives.Dot(x, w);
}
