using MathNet.Numerics.LinearAlgebra;

namespace Sanitas.Synthesis;

/// <summary>
/// Logistic regression on one-hot encoded cells, the model of the TSTR and pMSE measures: an
/// intercept plus one weight per cell of every feature column, ridge penalty λ/2‖w‖² (not on the
/// intercept), fitted by Newton's method with step halving. Rows with the same cells are counted
/// once with a weight and the Hessian is accumulated over the d + 1 active features of each, so a
/// fit on Adult costs milliseconds (a dense n × p design matrix would cost minutes).
/// Not a release: the data owner's evaluation model, fitted without noise.
/// </summary>
internal sealed class OneHotLogisticRegression
{
    private readonly int[] _offsets;
    private readonly double[] _weights;

    private OneHotLogisticRegression(int[] offsets, double[] weights)
    {
        _offsets = offsets;
        _weights = weights;
    }

    /// <summary>Fits y ∈ {0, 1} from the cells of the feature columns.</summary>
    public static OneHotLogisticRegression Fit(int[][] features, int[] sizes, int[] labels, double lambda = 1e-4, CancellationToken ct = default)
    {
        var offsets = new int[sizes.Length];
        var p = 1;
        for (var j = 0; j < sizes.Length; j++)
        {
            offsets[j] = p;
            p += sizes[j];
        }
        var rows = labels.Length;
        // Distinct (cells, label) rows with their counts.
        var groups = new Dictionary<string, (int Row, int Count)>(StringComparer.Ordinal);
        var key = new char[(sizes.Length * 2) + 1];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < sizes.Length; j++)
            {
                key[2 * j] = (char)(features[j][r] & 0xFFFF);
                key[(2 * j) + 1] = (char)(features[j][r] >> 16);
            }
            key[^1] = (char)labels[r];
            var k = new string(key);
            groups[k] = groups.TryGetValue(k, out var g) ? (g.Row, g.Count + 1) : (r, 1);
        }
        var distinct = groups.Values.ToArray();
        var active = new int[distinct.Length][];
        var y = new double[distinct.Length];
        var count = new double[distinct.Length];
        for (var i = 0; i < distinct.Length; i++)
        {
            var r = distinct[i].Row;
            active[i] = [0, .. Enumerable.Range(0, sizes.Length).Select(j => offsets[j] + features[j][r])];
            y[i] = labels[r];
            count[i] = distinct[i].Count;
        }
        var w = new double[p];
        var n = Math.Max(1, rows);
        double Objective(double[] v)
        {
            var total = 0.0;
            for (var i = 0; i < active.Length; i++)
            {
                var s = Score(active[i], v);
                total += count[i] * (Softplus(s) - (y[i] * s));
            }
            var penalty = 0.0;
            for (var j = 1; j < v.Length; j++)
            {
                penalty += v[j] * v[j];
            }
            return (total / n) + (lambda / 2 * penalty);
        }
        var value = Objective(w);
        for (var iteration = 0; iteration < 50; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            var gradient = new double[p];
            var hessian = new double[p * p];
            for (var i = 0; i < active.Length; i++)
            {
                var a = active[i];
                var q = Sigmoid(Score(a, w));
                var r = count[i] * (q - y[i]) / n;
                var s = count[i] * q * (1 - q) / n;
                foreach (var j in a)
                {
                    gradient[j] += r;
                    foreach (var l in a)
                    {
                        hessian[(j * p) + l] += s;
                    }
                }
            }
            for (var j = 0; j < p; j++)
            {
                var penalized = j > 0 ? lambda : 0;
                gradient[j] += penalized * w[j];
                hessian[(j * p) + j] += penalized + 1e-10;
            }
            var step = Matrix<double>.Build.Dense(p, p, hessian).Cholesky().Solve(Vector<double>.Build.Dense(gradient));
            var t = 1.0;
            var candidate = new double[p];
            double next;
            do
            {
                for (var j = 0; j < p; j++)
                {
                    candidate[j] = w[j] - (t * step[j]);
                }
                next = Objective(candidate);
                t /= 2;
            }
            while (next > value && t > 1e-10);
            if (next > value)
            {
                break;
            }
            var decrease = value - next;
            (w, value) = (candidate, next);
            if (decrease < 1e-12 * Math.Max(1, Math.Abs(value)))
            {
                break;
            }
        }
        return new OneHotLogisticRegression(offsets, w);
    }

    /// <summary>P(y = 1) of every row.</summary>
    public double[] Predict(int[][] features)
    {
        var rows = features.Length == 0 ? 0 : features[0].Length;
        var result = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var s = _weights[0];
            for (var j = 0; j < _offsets.Length; j++)
            {
                s += _weights[_offsets[j] + features[j][r]];
            }
            result[r] = Sigmoid(s);
        }
        return result;
    }

    private static double Score(int[] active, double[] w)
    {
        var s = 0.0;
        foreach (var j in active)
        {
            s += w[j];
        }
        return s;
    }

    private static double Sigmoid(double s) => s >= 0 ? 1 / (1 + Math.Exp(-s)) : Math.Exp(s) / (1 + Math.Exp(s));

    private static double Softplus(double s) => s > 0 ? s + Math.Log(1 + Math.Exp(-s)) : Math.Log(1 + Math.Exp(s));
}
