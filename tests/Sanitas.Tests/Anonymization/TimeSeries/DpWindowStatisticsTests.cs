using Sanitas.Anonymization.TimeSeries;
using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Tests.Anonymization.TimeSeries;

public sealed class DpWindowStatisticsTests
{
    private static SeriesSet Set(params (string Person, string[] Times, double[] Values)[] persons) =>
        new(["value"], [.. persons.Select(p => new PersonSeries(p.Person, p.Times, [p.Values]))]);

    [Fact]
    public void With_a_huge_epsilon_the_release_is_the_clamped_per_person_window_means()
    {
        // Person a: two readings at 08 h (30, 32 → 31) and one at 09 h; b: 08 h at 50 (clamped to 40).
        var set = Set(
            ("a", ["2024-01-01T08:00", "2024-01-02T08:10", "2024-01-01T09:00"], [30, 32, 25]),
            ("b", ["2024-01-01T08:30", "not a time"], [50, 31]));
        var options = new DpWindowOptions(1e9, 0, 20, 40, 0.01, ByHour: true, 0, 0);

        var (counts, means) = DpWindowStatistics.Release(set, options, new SeededRandomForTests(1));

        Assert.Equal(24, counts.Length);
        Assert.Equal(2, counts[8]);
        Assert.Equal(1, counts[9]);
        Assert.Equal(0, counts[10]);
        Assert.Equal((31 + 40) / 2.0, means[8], 6);
        Assert.Equal(25, means[9], 6);
        Assert.Equal(30, means[10], 6);  // no one: the midpoint of the bounds
    }

    [Fact]
    public void Windows_by_points_count_only_the_declared_length()
    {
        var set = Set(("a", ["1", "2", "3", "4", "5"], [1, 2, 3, 4, 100]));
        var options = new DpWindowOptions(1e9, 1e-9, 0, 10, 0.5, ByHour: false, 2, 4);

        var (counts, means) = DpWindowStatistics.Release(set, options, new SeededRandomForTests(1));

        Assert.Equal([1L, 1], counts);
        Assert.Equal([1.5, 3.5], means);
    }

    [Fact]
    public void The_gaussian_rho_converts_to_at_most_the_declared_epsilon()
    {
        var options = new DpWindowOptions(1, 1e-6, 20, 40, 0.01, true, 0, 0);

        var rho = DpWindowStatistics.Rho(options);

        Assert.InRange(PrivacyConversions.ToApproximateDp(new ZeroConcentratedDp(rho), 1e-6).Epsilon, 0.999, 1);
    }

    [Theory]
    [InlineData(0, 20, 40, 0.01, "`epsilon`")]
    [InlineData(1, 40, 20, 0.01, "`lower` < `upper`")]
    [InlineData(1, 20, 40, 0, "`resolution`")]
    [InlineData(1, 20, 40, 1e-12, "coarser resolution")]
    public void Bad_options_are_refused_naming_the_option(double epsilon, double lower, double upper, double resolution, string expected)
    {
        var e = Assert.Throws<InvalidOptionException>(() => new DpWindowOptions(epsilon, 0, lower, upper, resolution, true, 0, 0).Validate());

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
