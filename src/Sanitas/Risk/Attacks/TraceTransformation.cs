namespace Sanitas.Risk.Attacks;

/// <summary>
/// How the adversary's observation of a trace differs from the released one: it starts
/// <see cref="Shift"/> points later, is read on another scale (<see cref="Scale"/>, <see cref="Offset"/>,
/// e.g. another unit or a miscalibrated sensor), keeps only a share of the points
/// (<see cref="Keep"/>), and carries measurement noise (<see cref="NoiseSigma"/>). Simulation of
/// the adversary's side only (seeded, never a release).
/// </summary>
/// <param name="Shift">Leading points dropped.</param>
/// <param name="Scale">Multiplier applied to every value.</param>
/// <param name="Offset">Added after scaling.</param>
/// <param name="Keep">Share of the (shifted) points kept, in (0, 1].</param>
/// <param name="NoiseSigma">Standard deviation of Gaussian noise added to each point, in the trace's unit before scaling.</param>
public sealed record TraceTransformation(int Shift = 0, double Scale = 1, double Offset = 0, double Keep = 1, double NoiseSigma = 0)
{
    /// <summary>No change.</summary>
    public static TraceTransformation None { get; } = new();

    /// <summary>Applies the transformation; the result has at least one point.</summary>
    public double[] Apply(ReadOnlySpan<double> trace, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(Shift);
        if (!(Keep > 0 && Keep <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Keep), Keep, "The share of points kept must be in (0, 1].");
        }
        var start = Math.Min(Shift, Math.Max(0, trace.Length - 1));
        var available = trace.Length - start;
        var length = Math.Max(1, (int)Math.Round(available * Keep));
        var result = new double[length];
        for (var i = 0; i < length; i++)
        {
            var v = trace[start + i];
            if (NoiseSigma > 0)
            {
                v += NoiseSigma * Gaussian(random);
            }
            result[i] = (Scale * v) + Offset;
        }
        return result;
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller; 1 - NextDouble() avoids log(0).
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
