using System.Globalization;

namespace Sanitas.Privacy.Renyi;

/// <summary>
/// A run of identical steps of the sampled Gaussian mechanism (one phase of DP-SGD): each record is
/// sampled with probability q, noise σ times the clipping norm is added, <see cref="Steps"/> times.
/// </summary>
public sealed record SampledGaussianPhase
{
    /// <summary>Creates a phase.</summary>
    /// <param name="samplingRate">q in (0, 1].</param>
    /// <param name="noiseMultiplier">σ; finite and positive.</param>
    /// <param name="steps">At least 1.</param>
    public SampledGaussianPhase(double samplingRate, double noiseMultiplier, long steps)
    {
        if (!(samplingRate > 0 && samplingRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "The sampling rate q must be in (0, 1].");
        }
        if (!(noiseMultiplier > 0) || !double.IsFinite(noiseMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), noiseMultiplier, "The noise multiplier σ must be finite and positive.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        SamplingRate = samplingRate;
        NoiseMultiplier = noiseMultiplier;
        Steps = steps;
    }

    /// <summary>The sampling rate q.</summary>
    public double SamplingRate { get; }

    /// <summary>The noise multiplier σ.</summary>
    public double NoiseMultiplier { get; }

    /// <summary>The number of steps.</summary>
    public long Steps { get; }

    /// <summary>The phase's RDP curve.</summary>
    /// <param name="orders">The orders to track.</param>
    /// <returns>Steps × the one-step curve.</returns>
    public RenyiDp Rdp(IReadOnlyList<double> orders) => SampledGaussianRdp.Compute(SamplingRate, NoiseMultiplier, Steps, orders);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Steps} steps at q = {SamplingRate:G6}, σ = {NoiseMultiplier:G6}");
}
