using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// Builds a time-series linkage experiment from series per person (e.g. the clinical-trial sample's
/// temperature traces, <c>Samples.ClinicalTrialReadings.Traces</c>; several channels are averaged): the released
/// references are the first <see cref="PeriodLength"/> points of every trace, protected by
/// <see cref="Protection"/>; the adversary's targets are the same period (or, with
/// <see cref="OtherPeriod"/>, the next one) as the adversary observed it
/// (<see cref="Transformation"/>), aggregated over the protection's window as the released traces
/// are (the adversary knows the scheme).
/// </summary>
public sealed record TraceLinkageScenario
{
    /// <summary>Points per period (each trace needs at least this many, twice as many with <see cref="OtherPeriod"/>).</summary>
    public int PeriodLength { get; init; } = 56;

    /// <summary>Take the target from the period after the released one instead of the same period.</summary>
    public bool OtherPeriod { get; init; }

    /// <summary>How the adversary's observation differs from the truth.</summary>
    public TraceTransformation Transformation { get; init; } = TraceTransformation.None;

    /// <summary>The protection applied to the released traces.</summary>
    public TraceProtection Protection { get; init; } = TraceProtection.None;

    /// <summary>The seed of the adversary's simulated observation noise (not a release).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Builds references (released) and targets (adversary); target i belongs to reference i.</summary>
    /// <param name="series">The series per person.</param>
    /// <param name="protectionRandom">The protection's randomness: <see cref="SecureRandom.Instance"/> for a release.</param>
    /// <exception cref="ArgumentException">A trace is too short for the period; the message names the person.</exception>
    public (double[][] References, double[][] Targets) Build(SeriesSet series, IRandomBits protectionRandom)
    {
        ArgumentNullException.ThrowIfNull(series);
        var traces = series.MeanOverChannels().Traces();
        ArgumentNullException.ThrowIfNull(protectionRandom);
        ArgumentOutOfRangeException.ThrowIfLessThan(PeriodLength, 2);
        Protection.Validate();
        var needed = OtherPeriod ? 2 * PeriodLength : PeriodLength;
        // Not a release: the attack simulation's choice of periods and transformations (seeded so a
        // scenario is reproducible); the protection's noise uses the protectionRandom source.
        var random = new Random(Seed);
        var references = new double[traces.Count][];
        var targets = new double[traces.Count][];
        for (var p = 0; p < traces.Count; p++)
        {
            var (id, trace) = (traces[p].Key, traces[p].Value);
            if (trace.Length < needed)
            {
                throw new ArgumentException($"The trace of person '{id}' has {trace.Length} points; the experiment needs {needed} (period {PeriodLength}{(OtherPeriod ? ", two periods" : "")}).");
            }
            references[p] = Protection.Apply(trace.AsSpan(0, PeriodLength), protectionRandom);
            var start = OtherPeriod ? PeriodLength : 0;
            var end = Math.Min(trace.Length, start + PeriodLength + Transformation.Shift);
            var observed = Transformation.Apply(trace.AsSpan(start, end - start), random);
            targets[p] = TraceProtection.Aggregate(observed, Protection.Window);
        }
        return (references, targets);
    }
}
