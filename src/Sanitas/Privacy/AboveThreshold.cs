namespace Sanitas.Privacy;

/// <summary>
/// The sparse vector technique, AboveThreshold (Dwork &amp; Roth 2014, Algorithm 1): answers a stream
/// of queries of sensitivity Δ with "below" until the first whose noisy value reaches the noisy
/// threshold, answers "above" once and halts. ε-DP for the whole stream, however long.
/// Threshold noise Lap(2Δ/ε), query noise Lap(4Δ/ε), both drawn exactly as discrete Laplace on a
/// grid 2^k about 2^−30 of Δ, with the rounded sensitivity ⌊Δ/2^k⌋ + 1 grid units; the shift
/// argument of the proof holds unchanged for integer-valued noise.
/// </summary>
public sealed record AboveThreshold
{
    /// <summary>Configures the mechanism.</summary>
    /// <param name="sensitivity">Δ, the sensitivity of every query; positive.</param>
    /// <param name="epsilon">ε for the whole stream; positive.</param>
    /// <param name="threshold">The public threshold T.</param>
    public AboveThreshold(double sensitivity, double epsilon, double threshold)
    {
        DyadicGrid.CheckPositive(sensitivity, nameof(sensitivity));
        DyadicGrid.CheckPositive(epsilon, nameof(epsilon));
        DyadicGrid.CheckFinite(threshold, nameof(threshold));
        Sensitivity = sensitivity;
        Epsilon = epsilon;
        Threshold = threshold;
        GridExponent = DyadicGrid.ExponentFor(Rational.FromDouble(sensitivity));
    }

    /// <summary>Δ, the declared sensitivity of every query.</summary>
    public double Sensitivity { get; }

    /// <summary>ε for the whole stream.</summary>
    public double Epsilon { get; }

    /// <summary>The public threshold T.</summary>
    public double Threshold { get; }

    /// <summary>The grid exponent k.</summary>
    public int GridExponent { get; }

    /// <summary>The cost of one session: ε-DP.</summary>
    public PureDp Cost => new(Epsilon);

    /// <summary>Starts a session: draws the noisy threshold. Charge <see cref="Cost"/> first.</summary>
    /// <param name="random">The source of bits; <see cref="SecureRandom"/> for a real release.</param>
    /// <returns>A session answering queries until the first "above".</returns>
    public AboveThresholdSession Start(IRandomBits random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var units = Rational.FromInteger(DyadicGrid.SensitivityInUnits(Sensitivity, GridExponent));
        var eps = Rational.FromDouble(Epsilon);
        var thresholdScale = units * Rational.FromInteger(2) / eps;
        var queryScale = units * Rational.FromInteger(4) / eps;
        var noisyThreshold = DyadicGrid.Round(Threshold, GridExponent) + DiscreteLaplaceSampler.Sample(random, thresholdScale);
        return new AboveThresholdSession(noisyThreshold, queryScale, GridExponent, random);
    }
}
