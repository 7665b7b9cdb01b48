using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Anonymization.TimeSeries;

/// <summary>
/// DP release of per-window statistics of series per person: for each declared window the number of
/// persons with a point in it and their mean value. Each person contributes at most one value per
/// window: the mean of their points in it, every point first clamped to the declared bounds, then
/// rounded to the declared resolution as an integer number of steps m ∈ [0, M] above the lower bound
/// and centred, c = m − ⌊M/2⌋, so |c| ≤ ⌈M/2⌉. Adding or removing one person changes each of the W
/// window sums by at most ⌈M/2⌉ and each count by at most 1: L1 sensitivities W·⌈M/2⌉ and W, L2
/// sensitivities √W·⌈M/2⌉ and √W. With δ = 0 both vectors get independent discrete Laplace noise (the
/// geometric mechanism, Ghosh, Roughgarden &amp; Sundararajan 2009) at ε/2 each: ε-DP by basic
/// composition. With δ &gt; 0 they get discrete Gaussian noise (Canonne, Kamath &amp; Steinke 2020,
/// Theorem 14, multivariate) at ρ/2 each, ρ the largest zCDP parameter whose (ε, δ) conversion
/// (their Corollary 13) stays within the declared ε: (ε, δ)-DP. Neighbouring datasets differ in one
/// person. The released mean is post-processing: lower + resolution · clamp(⌊M/2⌋ + sum / max(count, 1), 0, M).
/// Nothing here fails on a value: times that are not ISO 8601 (by hour) fall in no window, values
/// outside the bounds are clamped, missing values are skipped.
/// </summary>
internal static class DpWindowStatistics
{
    /// <summary>The ρ of the Gaussian mechanism: the largest with (ε, δ) within the declared ones (bisection).</summary>
    public static double Rho(DpWindowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RhoCache.GetOrAdd((options.Epsilon, options.Delta), key => ComputeRho(key.Epsilon, key.Delta));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(double Epsilon, double Delta), double> RhoCache = new();

    private static double ComputeRho(double epsilon, double delta)
    {
        double lo = 0, hi = epsilon;
        for (var i = 0; i < 100; i++)
        {
            var mid = (lo + hi) / 2;
            if (PrivacyConversions.ToApproximateDp(new ZeroConcentratedDp(mid), delta).Epsilon <= epsilon)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return lo * (1 - 1e-9);
    }

    /// <summary>The exact statistic the release estimates (for the data owner's evaluation only): per window, persons and mean of the per-person clamped window means.</summary>
    public static (long[] Counts, double[] Sums) Exact(SeriesSet series, DpWindowOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        var w = options.WindowCount;
        var counts = new long[w];
        var sums = new double[w];
        foreach (var person in series.Persons)
        {
            var (personSums, personCounts) = PersonWindows(person, options);
            for (var i = 0; i < w; i++)
            {
                if (personCounts[i] > 0)
                {
                    counts[i]++;
                    sums[i] += personSums[i] / personCounts[i];
                }
            }
        }
        return (counts, sums);
    }

    /// <summary>Releases the noisy per-window counts and means. Charge the declared (ε, δ) first.</summary>
    /// <param name="series">Series per person (one channel is used: the mean over channels).</param>
    /// <param name="options">The declared options (validated).</param>
    /// <param name="random">The noise: <see cref="SecureRandom.Instance"/> for a release.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public static (long[] Counts, double[] Means) Release(SeriesSet series, DpWindowOptions options, IRandomBits random, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var w = options.WindowCount;
        var steps = options.Steps;
        var sums = new long[w];
        var counts = new long[w];
        foreach (var person in series.MeanOverChannels().Persons)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (personSums, personCounts) = PersonWindows(person, options);
            for (var i = 0; i < w; i++)
            {
                if (personCounts[i] > 0)
                {
                    var mean = personSums[i] / personCounts[i];
                    sums[i] += Math.Clamp((long)Math.Round((mean - options.Lower) / options.Resolution), 0, steps) - (steps / 2);
                    counts[i]++;
                }
            }
        }
        Func<long, long> noisySum, noisyCount;
        if (options.Gaussian)
        {
            var rho = Rho(options);
            var sumMechanism = new DiscreteGaussianMechanism((long)Math.Ceiling(Math.Sqrt(w) * options.HalfSteps), rho / 2);
            var countMechanism = new DiscreteGaussianMechanism((long)Math.Ceiling(Math.Sqrt(w)), rho / 2);
            (noisySum, noisyCount) = (v => sumMechanism.Release(v, random), v => countMechanism.Release(v, random));
        }
        else
        {
            var sumMechanism = new DiscreteLaplaceMechanism(checked(w * options.HalfSteps), options.Epsilon / 2);
            var countMechanism = new DiscreteLaplaceMechanism(w, options.Epsilon / 2);
            (noisySum, noisyCount) = (v => sumMechanism.Release(v, random), v => countMechanism.Release(v, random));
        }
        var noisyCounts = new long[w];
        var means = new double[w];
        for (var i = 0; i < w; i++)
        {
            var sum = noisySum(sums[i]);
            noisyCounts[i] = noisyCount(counts[i]);
            means[i] = options.Lower + (options.Resolution * Math.Clamp((steps / 2) + ((double)sum / Math.Max(noisyCounts[i], 1)), 0, steps));
        }
        return (noisyCounts, means);
    }

    // One person's clamped sum and number of points per window.
    private static (double[] Sums, int[] Counts) PersonWindows(PersonSeries person, DpWindowOptions options)
    {
        var sums = new double[options.WindowCount];
        var counts = new int[options.WindowCount];
        var values = person.Channels.Count == 1 ? person.Channels[0] : person.MeanOverChannels();
        var end = options.ByHour ? values.Length : Math.Min(values.Length, options.Length);
        for (var j = 0; j < end; j++)
        {
            var v = values[j];
            var window = options.ByHour ? Hour(person.Times[j]) : j / options.Window;
            if (window < 0 || double.IsNaN(v))
            {
                continue;
            }
            sums[window] += Math.Clamp(v, options.Lower, options.Upper);
            counts[window]++;
        }
        return (sums, counts);
    }

    /// <summary>The hour of the day of an ISO 8601 date-time (<c>yyyy-MM-ddTHH…</c>), or −1.</summary>
    public static int Hour(string time) =>
        time is { Length: >= 13 } && time[10] is 'T' or ' '
            && int.TryParse(time.AsSpan(11, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var hour) && hour < 24
            ? hour
            : -1;
}
