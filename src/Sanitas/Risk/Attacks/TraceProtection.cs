using Sanitas.Privacy;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// A heuristic protection of a released trace against time-series linkage: a random shift
/// (drop 0..<see cref="MaxShift"/> leading points, so that windows no longer line up), means
/// over windows of <see cref="Window"/> points (coarsening in time), Gaussian noise of
/// <see cref="NoiseSigma"/> on each released point, and rounding to <see cref="Rounding"/>.
/// </summary>
/// <remarks>
/// This is not differential privacy: it states no ε and bounds nothing. Its effect is measured
/// by <see cref="TimeSeriesLinkageAttack"/> (the adversary is assumed to know the scheme and
/// aggregates their own observation the same way). Randomness comes from an
/// <see cref="IRandomBits"/>: <see cref="SecureRandom"/> for a release; the noise is drawn by
/// Box-Muller from 53-bit uniforms, adequate for a heuristic, not an exact sampler.
/// </remarks>
/// <param name="NoiseSigma">Standard deviation of the noise added to each released point (0: none).</param>
/// <param name="Window">Points averaged into one released point (1: none).</param>
/// <param name="MaxShift">Largest number of leading points dropped at random (0: none).</param>
/// <param name="Rounding">Step the released values are rounded to (0: none), e.g. 0.5 °C.</param>
public sealed record TraceProtection(double NoiseSigma = 0, int Window = 1, int MaxShift = 0, double Rounding = 0)
{
    /// <summary>No protection.</summary>
    public static TraceProtection None { get; } = new();

    /// <summary>Whether this protection changes anything.</summary>
    public bool IsNone => NoiseSigma == 0 && Window <= 1 && MaxShift == 0 && Rounding == 0;

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(NoiseSigma >= 0) || double.IsInfinity(NoiseSigma))
        {
            throw new InvalidOptionException($"The protection's noise must be a finite number ≥ 0, got {NoiseSigma}.");
        }
        if (Window < 1)
        {
            throw new InvalidOptionException($"The protection's aggregation window must be at least 1 point, got {Window}.");
        }
        if (MaxShift < 0)
        {
            throw new InvalidOptionException($"The protection's largest shift must be ≥ 0, got {MaxShift}.");
        }
        if (!(Rounding >= 0) || double.IsInfinity(Rounding))
        {
            throw new InvalidOptionException($"The protection's rounding step must be a finite number ≥ 0, got {Rounding}.");
        }
    }

    /// <summary>Protects one trace.</summary>
    /// <param name="trace">The trace (non-empty).</param>
    /// <param name="random">The randomness: <see cref="SecureRandom.Instance"/> for a release.</param>
    public double[] Apply(ReadOnlySpan<double> trace, IRandomBits random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Validate();
        if (trace.IsEmpty)
        {
            throw new ArgumentException("The trace is empty.", nameof(trace));
        }
        var shift = MaxShift == 0 ? 0 : (int)UniformSampler.Below(random, (ulong)Math.Min(MaxShift, trace.Length - 1) + 1);
        var shifted = trace[shift..];
        var aggregated = Aggregate(shifted, Window);
        for (var i = 0; i < aggregated.Length; i++)
        {
            var v = aggregated[i];
            if (NoiseSigma > 0)
            {
                v += NoiseSigma * Gaussian(random);
            }
            if (Rounding > 0)
            {
                v = Math.Round(v / Rounding) * Rounding;
            }
            aggregated[i] = v;
        }
        return aggregated;
    }

    /// <summary>Means over consecutive windows of <paramref name="window"/> points; a shorter last window is averaged as it is.</summary>
    public static double[] Aggregate(ReadOnlySpan<double> trace, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new double[(trace.Length + window - 1) / window];
        for (var k = 0; k < result.Length; k++)
        {
            var part = trace.Slice(k * window, Math.Min(window, trace.Length - (k * window)));
            var sum = 0.0;
            foreach (var v in part)
            {
                sum += v;
            }
            result[k] = sum / part.Length;
        }
        return result;
    }

    private static double Gaussian(IRandomBits random)
    {
        var u = 1.0 - Uniform(random);
        var v = Uniform(random);
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    private static double Uniform(IRandomBits random) => UniformSampler.Below(random, 1UL << 53) / (double)(1UL << 53);
}
