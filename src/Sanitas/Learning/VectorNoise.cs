using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// Noise for a vector-valued release from the exact samplers of <see cref="Sanitas.Privacy"/>.
/// Each coordinate goes through <see cref="LaplaceMechanism"/> (or <see cref="GaussianMechanism"/>)
/// calibrated to the whole vector's L1 (L2) sensitivity Δ, so the vector is ε-DP (resp.
/// (ε, δ)-DP). Rounding m coordinates to the grid 2^k can move the vector's L1 distance by up to
/// m·2^k (L2: √m·2^k) beyond Δ, while one mechanism only allows for 2^k: so the mechanism is
/// calibrated to Δ + (m − 1)·2^k (resp. Δ + (√m − 1)·2^k), recomputed until the grid is stable.
/// </summary>
internal static class VectorNoise
{
    /// <summary>Adds Laplace noise to every value in place: ε-DP for L1 sensitivity <paramref name="l1Sensitivity"/>.</summary>
    public static void Laplace(Span<double> values, double l1Sensitivity, double epsilon, IRandomBits random)
    {
        var mechanism = new LaplaceMechanism(l1Sensitivity, epsilon);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var widened = l1Sensitivity + ((values.Length - 1) * Math.ScaleB(1, mechanism.GridExponent));
            if (widened <= mechanism.Sensitivity)
            {
                break;
            }
            mechanism = new LaplaceMechanism(widened, epsilon);
        }
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = mechanism.Release(values[i], random);
        }
    }

    /// <summary>The Laplace scale b that <see cref="Laplace"/> uses (for documentation and tests).</summary>
    public static double LaplaceScale(double l1Sensitivity, double epsilon) => l1Sensitivity / epsilon;

#pragma warning disable SAN0001 // AdaSSP's (ε, δ) claim inherits GaussianMechanism's: proven in zCDP, analytic (ε, δ) on discrete noise; documented in docs/learning.md.
    /// <summary>Calibrated Gaussian mechanisms by (Δ, length, ε, δ): the analytic calibration is a pure function of them and costs milliseconds.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(double Sensitivity, int Length, double Epsilon, double Delta), GaussianMechanism> GaussianMechanisms = new();

    /// <summary>Adds Gaussian noise to every value in place: (ε, δ)-DP for L2 sensitivity <paramref name="l2Sensitivity"/>.</summary>
    public static void Gaussian(Span<double> values, double l2Sensitivity, double epsilon, double delta, IRandomBits random)
    {
        var mechanism = Calibrated(l2Sensitivity, values.Length, epsilon, delta);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = mechanism.Release(values[i], random);
        }
    }

    /// <summary>The Gaussian mechanism for a vector of <paramref name="length"/> values, widened for the grid rounding of each.</summary>
    private static GaussianMechanism Calibrated(double l2Sensitivity, int length, double epsilon, double delta)
    {
        if (GaussianMechanisms.Count > 1024)
        {
            GaussianMechanisms.Clear();
        }
        return GaussianMechanisms.GetOrAdd((l2Sensitivity, length, epsilon, delta), key =>
        {
            var calibrated = new GaussianMechanism(key.Sensitivity, key.Epsilon, key.Delta);
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var widened = key.Sensitivity + ((Math.Sqrt(key.Length) - 1) * Math.ScaleB(1, calibrated.GridExponent));
                if (widened <= calibrated.Sensitivity)
                {
                    break;
                }
                calibrated = new GaussianMechanism(widened, key.Epsilon, key.Delta);
            }
            return calibrated;
        });
    }

    /// <summary>The σ the Gaussian release uses.</summary>
    public static double GaussianSigma(double l2Sensitivity, double epsilon, double delta) =>
        Calibrated(l2Sensitivity, 1, epsilon, delta).Sigma;
#pragma warning restore SAN0001
}
