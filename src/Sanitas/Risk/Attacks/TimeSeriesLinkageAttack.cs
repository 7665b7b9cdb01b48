using System.Globalization;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// Time-series linkage: the adversary holds a trace of a known person (e.g. readings of their
/// insole obtained elsewhere) and looks for it among released, de-identified traces; the
/// nearest released trace under dynamic time warping (<see cref="DtwNearestNeighbourSearch"/>,
/// exact with LB_Keogh pruning) is their guess. DTW absorbs shifts and local stretching in
/// time, z-normalization absorbs another unit or a miscalibrated sensor. Reported as top-1
/// accuracy against the baseline 1/N of guessing among N released traces.
/// </summary>
/// <param name="Band">The Sakoe-Chiba band as a share of the longer reference (at least one point).</param>
/// <param name="ZNormalize">Z-normalize every trace before comparing.</param>
public sealed record TimeSeriesLinkageAttack(double Band = 0.1, bool ZNormalize = true)
{
    /// <summary>The attack's kind in reports.</summary>
    public const string Kind = "timeseries";

    /// <summary>Re-identifies each target among the references.</summary>
    /// <param name="references">The released traces, one per person.</param>
    /// <param name="targets">The adversary's traces.</param>
    /// <param name="truth">For each target, the index of its person's reference.</param>
    /// <param name="progress">Receives the share of targets done.</param>
    /// <param name="cancellationToken">Cancels the attack.</param>
    /// <exception cref="ArgumentException">The inputs do not fit together or the band is not in [0, 1].</exception>
    public TimeSeriesLinkageResult Run(IReadOnlyList<double[]> references, IReadOnlyList<double[]> targets, IReadOnlyList<int> truth,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(truth);
        if (!(Band >= 0 && Band <= 1))
        {
            throw new InvalidOptionException($"The DTW band must be a share in [0, 1], got {Band}.");
        }
        if (truth.Count != targets.Count)
        {
            throw new ArgumentException($"{targets.Count} targets but {truth.Count} truth entries.");
        }
        var window = Math.Max(1, (int)Math.Ceiling(Band * references.Max(r => r.Length)));
        var search = new DtwNearestNeighbourSearch(references, window, ZNormalize);
        var correct = 0;
        long computed = 0;
        var done = 0;
        Parallel.For(0, targets.Count, new ParallelOptions { CancellationToken = cancellationToken }, t =>
        {
            var found = search.Search(targets[t]);
            if (found.Index == truth[t])
            {
                Interlocked.Increment(ref correct);
            }
            Interlocked.Add(ref computed, found.DtwComputed);
            progress?.Report((double)Interlocked.Increment(ref done) / targets.Count);
        });
        var n = references.Count;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"Re-identify {targets.Count} traces among {n} released traces by nearest DTW neighbour (band {window} points{(ZNormalize ? ", z-normalized" : "")})");
        var result = AttackResult.FromCounts(Kind, description, correct, targets.Count, 1.0 / n);
        return new TimeSeriesLinkageResult(targets.Count, correct, computed, (long)targets.Count * n, result);
    }
}
