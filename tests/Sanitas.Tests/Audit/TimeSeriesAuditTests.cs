using System.Globalization;
using Sanitas.Anonymization.TimeSeries;
using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Tests.Audit;

/// <summary>
/// The DP release of per-window statistics (<c>sanitas timeseries anonymize --method dp</c>): a black-box
/// audit on D (20 persons) and D′ = D without the person whose every value is at the upper bound (the
/// largest contribution to every window sum and count), with the secure sampler. The statistics are
/// the released count of one window, the sum of all counts, and the sum of the released window means;
/// for each, thresholds at several quantiles; the Clopper–Pearson ε lower bound must not exceed the ε
/// of the release.
/// </summary>
public sealed class TimeSeriesAuditTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Trials = 4000;

    private static SeriesSet Data(bool withOutlier)
    {
        var persons = new List<PersonSeries>();
        for (var p = 0; p < 20; p++)
        {
            persons.Add(new PersonSeries(p.ToString(CultureInfo.InvariantCulture), ["1", "2", "3", "4"], [[28 + (p % 5), 30, 31 - (p % 3), 29]]));
        }
        if (withOutlier)
        {
            persons.Add(new PersonSeries("outlier", ["1", "2", "3", "4"], [[40, 40, 45, 40]]));
        }
        return new SeriesSet(["value"], persons);
    }

    private static (double[] Count, double[] Counts, double[] Means) Releases(SeriesSet data, DpWindowOptions options)
    {
        var count = new double[Trials];
        var counts = new double[Trials];
        var means = new double[Trials];
        for (var t = 0; t < Trials; t++)
        {
            var (c, m) = DpWindowStatistics.Release(data, options, SecureRandom.Instance);
            count[t] = c[0];
            counts[t] = c.Sum();
            means[t] = m.Sum();
        }
        return (count, counts, means);
    }

    private static double Worst(double[] onD, double[] onNeighbour, double delta)
    {
        var all = onD.Concat(onNeighbour).Order().ToArray();
        return new[] { 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9 }.Max(q => EmpiricalPrivacy.EpsilonLowerBound(onD, onNeighbour, all[(int)(q * (all.Length - 1))] + 1e-9, delta));
    }

    [Theory]
    [InlineData(4.0, 0.0)]
    [InlineData(4.0, 1e-5)]
    [Trait("Category", "Audit")]
    [Trait("Category", "Slow")]
    public void Per_window_statistics_on_neighbouring_datasets_stay_within_their_epsilon(double epsilon, double delta)
    {
        // Windows of 2 points over 4: W = 2; bounds [20, 40] in steps of 1: every sum coordinate moves by ≤ 10 steps.
        var options = new DpWindowOptions(epsilon, delta, 20, 40, 1, ByHour: false, 2, 4);
        options.Validate();

        var onD = Releases(Data(withOutlier: true), options);
        var onNeighbour = Releases(Data(withOutlier: false), options);

        var worst = new[]
        {
            Worst(onD.Count, onNeighbour.Count, delta),
            Worst(onD.Counts, onNeighbour.Counts, delta),
            Worst(onD.Means, onNeighbour.Means, delta),
        };
        output.WriteLine($"ε {epsilon}, δ {delta}: empirical lower bounds {string.Join(", ", worst.Select(w => w.ToString("F3", CultureInfo.InvariantCulture)))}");
        Assert.True(worst.Max() <= epsilon, $"empirical ε lower bounds {string.Join(", ", worst.Select(w => w.ToString("F3", CultureInfo.InvariantCulture)))} exceed ε = {epsilon}");
        // The audit has power: with the Laplace mechanism the counts alone separate D and D′ clearly
        // (ε/2 on them, shifted by 1 in each of 2 windows; the Gaussian spreads its noise wider).
        Assert.True(delta > 0 || worst[1] >= 0.5, $"the audit did not separate D and D′ (bound {worst[1]:F3}): it would prove nothing");
    }
}
