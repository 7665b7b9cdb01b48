using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// Measures marginals with the discrete Gaussian mechanism (Canonne, Kamath &amp; Steinke 2020): a
/// histogram's L2 sensitivity is 1 when one person (one row) is added or removed, so each cell
/// plus exact N_Z(0, σ²) noise with σ² = 1/(2ρ) is ρ-zCDP, drawn by <see cref="DiscreteGaussianSampler"/>
/// from the caller's (secure) source. Measuring k marginals at ρ each costs kρ (composition).
/// </summary>
internal static class NoisyMarginals
{
    /// <summary>The noise σ of a marginal measured at <paramref name="rho"/>.</summary>
    public static double Sigma(double rho) => new DiscreteGaussianMechanism(1, rho).Sigma;

    /// <summary>Measures one marginal at <paramref name="rho"/>-zCDP.</summary>
    public static Measurement Measure(EncodedTable data, int[] attributes, double rho, IRandomBits random)
    {
        var mechanism = new DiscreteGaussianMechanism(1, rho);
        var counts = data.Histogram(attributes);
        var noisy = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            noisy[i] = mechanism.Release((long)counts[i], random);
        }
        return new Measurement(attributes, noisy, mechanism.Sigma);
    }
}
