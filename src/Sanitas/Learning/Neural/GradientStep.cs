using System.Numerics.Tensors;

namespace Sanitas.Learning.Neural;

/// <summary>
/// Applies gradients to parameters (SGD or Adam, Kingma &amp; Ba 2015, Algorithm 1) with optional L2
/// weight decay. Operates on whatever gradient it is given: with DP-SGD's noisy gradient the update
/// is post-processing and costs no privacy.
/// </summary>
internal sealed class GradientStep
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private readonly OptimizerKind _kind;
    private readonly double _learningRate;
    private readonly double _l2;
    private readonly double[] _m;
    private readonly double[] _v;
    private readonly double[] _scratch;
    private long _t;

    public GradientStep(OptimizerKind kind, double learningRate, double l2, int parameterCount)
    {
        _kind = kind;
        _learningRate = learningRate;
        _l2 = l2;
        _m = kind == OptimizerKind.Adam ? new double[parameterCount] : [];
        _v = kind == OptimizerKind.Adam ? new double[parameterCount] : [];
        _scratch = new double[parameterCount];
    }

    /// <summary>θ ← update(θ, g + λθ).</summary>
    public void Apply(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        var g = _scratch.AsSpan();
        TensorPrimitives.MultiplyAdd(parameters, _l2, gradient, g);
        if (_kind == OptimizerKind.Sgd)
        {
            TensorPrimitives.MultiplyAdd(g, -_learningRate, parameters, parameters);
            return;
        }
        _t++;
        var correction1 = 1 - Math.Pow(Beta1, _t);
        var correction2 = 1 - Math.Pow(Beta2, _t);
        var step = _learningRate * Math.Sqrt(correction2) / correction1;
        for (var i = 0; i < parameters.Length; i++)
        {
            _m[i] = (Beta1 * _m[i]) + ((1 - Beta1) * g[i]);
            _v[i] = (Beta2 * _v[i]) + ((1 - Beta2) * g[i] * g[i]);
            parameters[i] -= step * _m[i] / (Math.Sqrt(_v[i]) + Epsilon);
        }
    }
}
