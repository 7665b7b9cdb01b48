using Sanitas.Data;
using Sanitas.Risk.Attacks;

namespace Sanitas.Workflows;

/// <summary>
/// The DTW re-identification attack (<see cref="DtwNearestNeighbourSearch"/>, as <c>sanitas attack
/// timeseries</c>) on a time-series release: the adversary observes each person's original trace
/// (<see cref="TraceTransformation"/>: later start, measurement noise; seeded, a simulation), aggregates
/// it to the release's window (they know the scheme) and takes the nearest released trace. A release
/// of one trace per group of identical members counts 1/|group| when the adversary finds the right
/// group (their expected success when picking a member at random).
/// </summary>
internal static class TimeSeriesReidentification
{
    /// <summary>Runs the attack.</summary>
    /// <param name="traces">Each person's full original trace (the observation may run past the released period by the shift).</param>
    /// <param name="length">Points of the released period.</param>
    /// <param name="references">The distinct released traces.</param>
    /// <param name="referenceOf">Per person, the index of their released trace, or −1 (suppressed).</param>
    /// <param name="window">The release's points per window.</param>
    /// <param name="request">Shift, noise and band of the attack.</param>
    /// <param name="progress">Share of persons attacked.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public static TimeSeriesAttackOutcome Run(IReadOnlyList<double[]> traces, int length, IReadOnlyList<double[]> references, int[] referenceOf, int window,
        TimeSeriesAnonymizationRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var n = traces.Count;
        var size = new int[references.Count];
        foreach (var r in referenceOf)
        {
            if (r >= 0)
            {
                size[r]++;
            }
        }
        // Not a release: the adversary's simulated observation (seeded so that before and after see the same targets).
        var random = new Random(1);
        var transformation = new TraceTransformation(request.AttackShift, 1, 0, 1, request.AttackNoise);
        var targets = new double[n][];
        for (var p = 0; p < n; p++)
        {
            var end = Math.Min(traces[p].Length, length + request.AttackShift);
            targets[p] = SeriesWindows.Means(transformation.Apply(traces[p].AsSpan(0, end), random), window);
        }
        var band = Math.Max(1, (int)Math.Ceiling(request.Band * references.Max(r => r.Length)));
        var search = new DtwNearestNeighbourSearch(references, band, zNormalize: true);
        var credit = new double[n];
        var done = 0;
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, p =>
        {
            var found = search.Search(targets[p]).Index;
            credit[p] = referenceOf[p] >= 0 && found == referenceOf[p] ? 1.0 / size[found] : 0;
            progress?.Report((double)Interlocked.Increment(ref done) / n);
        });
        return new TimeSeriesAttackOutcome(credit.Sum() / n, n, 1.0 / n);
    }
}
