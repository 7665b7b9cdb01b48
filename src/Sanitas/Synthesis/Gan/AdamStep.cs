namespace Sanitas.Synthesis.Gan;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, Algorithm 1) with CTGAN's β₁ = 0.5, β₂ = 0.9. Applied to a noisy DP-SGD
/// gradient it is post-processing and costs no privacy.
/// </summary>
internal sealed class AdamStep(int parameterCount, double learningRate, double beta1 = 0.5, double beta2 = 0.9)
{
    private const double Epsilon = 1e-8;
    private readonly double[] _m = new double[parameterCount];
    private readonly double[] _v = new double[parameterCount];
    private long _t;

    public void Apply(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        _t++;
        var step = learningRate * Math.Sqrt(1 - Math.Pow(beta2, _t)) / (1 - Math.Pow(beta1, _t));
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            _m[i] = (beta1 * _m[i]) + ((1 - beta1) * g);
            _v[i] = (beta2 * _v[i]) + ((1 - beta2) * g * g);
            parameters[i] -= step * _m[i] / (Math.Sqrt(_v[i]) + Epsilon);
        }
    }
}
