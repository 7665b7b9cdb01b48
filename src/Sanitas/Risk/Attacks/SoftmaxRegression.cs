namespace Sanitas.Risk.Attacks;

/// <summary>
/// Multinomial logistic regression trained by full-batch gradient descent with L2 penalty on
/// standardized features: deterministic, small, for the shadow-model attack's attack models and
/// as a target model in tests (Sanitas.Learning holds the real models).
/// </summary>
internal sealed class SoftmaxRegression
{
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly double[,] _weights; // [class, feature + 1 (bias last)]

    private SoftmaxRegression(double[] mean, double[] scale, double[,] weights)
    {
        _mean = mean;
        _scale = scale;
        _weights = weights;
    }

    public int Classes => _weights.GetLength(0);

    public static SoftmaxRegression Train(LabelledRows data, int classes, double l2 = 1e-3, int iterations = 300, double learningRate = 0.5)
    {
        var n = data.Count;
        var d = data.Features[0].Length;
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var m = 0.0;
            for (var i = 0; i < n; i++)
            {
                m += data.Features[i][j];
            }
            m /= n;
            var v = 0.0;
            for (var i = 0; i < n; i++)
            {
                v += (data.Features[i][j] - m) * (data.Features[i][j] - m);
            }
            mean[j] = m;
            scale[j] = Math.Sqrt(v / n) is var sd && sd > 1e-12 ? sd : 1;
        }
        var x = new double[n][];
        for (var i = 0; i < n; i++)
        {
            x[i] = new double[d];
            for (var j = 0; j < d; j++)
            {
                x[i][j] = (data.Features[i][j] - mean[j]) / scale[j];
            }
        }
        var model = new SoftmaxRegression(mean, scale, new double[classes, d + 1]);
        var gradient = new double[classes, d + 1];
        var p = new double[classes];
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(gradient);
            for (var i = 0; i < n; i++)
            {
                model.Probabilities(x[i], p);
                for (var c = 0; c < classes; c++)
                {
                    var error = p[c] - (data.Labels[i] == c ? 1 : 0);
                    for (var j = 0; j < d; j++)
                    {
                        gradient[c, j] += error * x[i][j];
                    }
                    gradient[c, d] += error;
                }
            }
            for (var c = 0; c < classes; c++)
            {
                for (var j = 0; j <= d; j++)
                {
                    var penalty = j < d ? l2 * model._weights[c, j] : 0;
                    model._weights[c, j] -= learningRate * ((gradient[c, j] / n) + penalty);
                }
            }
        }
        return model;
    }

    /// <summary>Class probabilities of a raw (unstandardized) feature vector.</summary>
    public double[] Predict(double[] features)
    {
        var x = new double[features.Length];
        for (var j = 0; j < x.Length; j++)
        {
            x[j] = (features[j] - _mean[j]) / _scale[j];
        }
        var p = new double[Classes];
        Probabilities(x, p);
        return p;
    }

    private void Probabilities(double[] x, double[] p)
    {
        var d = x.Length;
        var max = double.NegativeInfinity;
        for (var c = 0; c < p.Length; c++)
        {
            var z = _weights[c, d];
            for (var j = 0; j < d; j++)
            {
                z += _weights[c, j] * x[j];
            }
            p[c] = z;
            max = Math.Max(max, z);
        }
        var sum = 0.0;
        for (var c = 0; c < p.Length; c++)
        {
            p[c] = Math.Exp(p[c] - max);
            sum += p[c];
        }
        for (var c = 0; c < p.Length; c++)
        {
            p[c] /= sum;
        }
    }
}
