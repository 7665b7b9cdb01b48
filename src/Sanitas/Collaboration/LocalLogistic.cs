using System.Numerics.Tensors;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// What a centre computes on its own rows for logistic regression: the sufficient statistics of one
/// Newton step (gradient and Hessian sums, as Lu et al. 2020 aggregate them), a FedAvg/FedProx local
/// update, a clipped per-example gradient sum for DP-FedAvg, and a score histogram for the AUC.
/// </summary>
internal static class LocalLogistic
{
    public static double Sigmoid(double s) => s >= 0 ? 1 / (1 + Math.Exp(-s)) : Math.Exp(s) / (1 + Math.Exp(s));

    /// <summary>Length of <see cref="NewtonStatistics"/>: d gradient sums, d(d+1)/2 Hessian sums (upper triangle), the row count.</summary>
    public static int NewtonLength(int d) => d + (d * (d + 1) / 2) + 1;

    /// <summary>Σ (p − y)x, Σ p(1 − p)xxᵀ (upper triangle, row by row) and n over <paramref name="rows"/>.</summary>
    public static double[] NewtonStatistics(SiteData data, ReadOnlySpan<double> w, int[] rows)
    {
        var d = data.Width;
        var result = new double[NewtonLength(d)];
        var gradient = result.AsSpan(0, d);
        var hessian = result.AsSpan(d, d * (d + 1) / 2);
        foreach (var i in rows)
        {
            var x = data.Row(i);
            var p = Sigmoid(TensorPrimitives.Dot(x, w));
            TensorPrimitives.MultiplyAdd(x, p - data.Y[i], gradient, gradient);
            var s = p * (1 - p);
            var k = 0;
            for (var a = 0; a < d; a++)
            {
                var sa = s * x[a];
                var row = hessian.Slice(k, d - a);
                TensorPrimitives.MultiplyAdd(x[a..], sa, row, row);
                k += d - a;
            }
        }
        result[^1] = rows.Length;
        return result;
    }

    /// <summary>
    /// FedAvg's local update (McMahan et al., AISTATS 2017) with FedProx's proximal term μ/2‖w − w_g‖²
    /// (Li et al., MLSys 2020): <paramref name="epochs"/> full-batch gradient steps on the local mean
    /// log-loss; returns n·w_local followed by n, so the coordinator's sum gives the weighted average.
    /// </summary>
    public static double[] FedAvgUpdate(SiteData data, double[] global, int[] rows, int epochs, double learningRate, double mu)
    {
        var d = data.Width;
        var w = (double[])global.Clone();
        var gradient = new double[d];
        for (var e = 0; e < epochs && rows.Length > 0; e++)
        {
            Array.Clear(gradient);
            foreach (var i in rows)
            {
                var x = data.Row(i);
                TensorPrimitives.MultiplyAdd(x, Sigmoid(TensorPrimitives.Dot(x, w)) - data.Y[i], gradient, gradient);
            }
            for (var j = 0; j < d; j++)
            {
                w[j] -= learningRate * ((gradient[j] / rows.Length) + (mu * (w[j] - global[j])));
            }
        }
        var result = new double[d + 1];
        for (var j = 0; j < d; j++)
        {
            result[j] = w[j] * rows.Length;
        }
        result[d] = rows.Length;
        return result;
    }

    /// <summary>
    /// Σ over a Poisson sample (rate q) of per-example gradients clipped to L2 norm C (Abadi et al. 2016):
    /// one person changes the sum by at most C in L2, whatever the data.
    /// </summary>
    public static double[] ClippedGradientSum(SiteData data, double[] w, int[] rows, double clippingNorm, double samplingRate, IRandomBits random)
    {
        var d = data.Width;
        var sum = new double[d];
        var g = new double[d];
        Span<byte> coin = stackalloc byte[8];
        foreach (var i in rows)
        {
            if (samplingRate < 1)
            {
                random.Fill(coin);
                if ((BitConverter.ToUInt64(coin) >> 11) * Math.ScaleB(1.0, -53) >= samplingRate)
                {
                    continue;
                }
            }
            var x = data.Row(i);
            TensorPrimitives.Multiply(x, Sigmoid(TensorPrimitives.Dot(x, w)) - data.Y[i], g);
            var norm = TensorPrimitives.Norm(g);
            var scale = norm > clippingNorm ? clippingNorm / norm : 1;
            TensorPrimitives.MultiplyAdd(g, scale, sum, sum);
        }
        return sum;
    }

    /// <summary>Counts of test rows per score bin, positives then negatives (bins of equal width on the predicted probability).</summary>
    public static double[] ScoreHistogram(SiteData data, double[] w, int[] rows, int bins)
    {
        var result = new double[2 * bins];
        foreach (var i in rows)
        {
            var p = Sigmoid(TensorPrimitives.Dot(data.Row(i), w));
            var bin = Math.Min(bins - 1, (int)(p * bins));
            result[(data.Y[i] > 0.5 ? 0 : bins) + bin]++;
        }
        return result;
    }

    /// <summary>The AUC from a pooled score histogram; ties inside a bin count one half.</summary>
    public static double AucFromHistogram(ReadOnlySpan<double> histogram)
    {
        var bins = histogram.Length / 2;
        var positives = histogram[..bins];
        var negatives = histogram[bins..];
        double below = 0, total = 0, pos = 0, neg = 0;
        for (var b = 0; b < bins; b++)
        {
            total += positives[b] * (below + (negatives[b] / 2));
            below += negatives[b];
            pos += positives[b];
            neg += negatives[b];
        }
        return pos > 0 && neg > 0 ? total / (pos * neg) : double.NaN;
    }

    /// <summary>Unpacks <see cref="NewtonStatistics"/> sums and returns the Newton step H⁻¹g.</summary>
    public static double[] NewtonStep(ReadOnlySpan<double> statistics, int d)
    {
        var h = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(d, d);
        var k = d;
        for (var a = 0; a < d; a++)
        {
            for (var b = a; b < d; b++)
            {
                h[a, b] = statistics[k];
                h[b, a] = statistics[k];
                k++;
            }
            h[a, a] += 1e-9;
        }
        var g = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(statistics[..d].ToArray());
        return [.. h.Cholesky().Solve(g)];
    }

    /// <summary>The unregularized maximum-likelihood fit of all rows by Newton's method: the pooled reference.</summary>
    public static double[] FitPooled(SiteData data, CancellationToken ct = default)
    {
        var w = new double[data.Width];
        var rows = Enumerable.Range(0, data.Rows).ToArray();
        for (var iteration = 0; iteration < 50; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            var step = NewtonStep(NewtonStatistics(data, w, rows), data.Width);
            TensorPrimitives.Subtract(w, step, w);
            if (Math.Abs(TensorPrimitives.MaxMagnitude(step)) < 1e-10)
            {
                break;
            }
        }
        return w;
    }
}
