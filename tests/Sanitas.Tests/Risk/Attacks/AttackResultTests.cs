using Sanitas.Risk.Attacks;

namespace Sanitas.Tests.Risk.Attacks;

public sealed class AttackResultTests
{
    // Reference values: Brown, Cai & DasGupta (2001) Wilson interval, computed as
    // (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n) with z = 1.959963985; R's
    // prop.test(5, 10, correct = FALSE)$conf.int gives 0.2365931 0.7634069.
    [Fact]
    public void Wilson_matches_the_reference_interval_for_five_of_ten()
    {
        var ci = ConfidenceInterval.Wilson(5, 10);
        Assert.Equal(0.2365931, ci.Lower, 6);
        Assert.Equal(0.7634069, ci.Upper, 6);
        Assert.Equal(0.95, ci.Level);
    }

    [Fact]
    public void Wilson_at_zero_successes_starts_at_zero_and_ends_at_z2_over_n_plus_z2()
    {
        var ci = ConfidenceInterval.Wilson(0, 10);
        Assert.Equal(0, ci.Lower);
        double z2 = 1.959963985 * 1.959963985;
        Assert.Equal(z2 / (10 + z2), ci.Upper, 6);
    }

    [Fact]
    public void Wilson_rejects_more_successes_than_trials()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.Wilson(11, 10));
        Assert.Contains("between 0 and the number of trials (10)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.6, 0.2, 0.5)]
    [InlineData(0.1, 0.2, 0.0)]
    [InlineData(1.0, 1.0, 0.0)]
    public void Advantage_is_normalized_over_the_baseline(double rate, double baseline, double expected)
    {
        var result = new AttackResult("linkage", "test", 10, 0, rate, new ConfidenceInterval(0, 1, 0.95), baseline);
        Assert.Equal(expected, result.Advantage, 12);
    }
}
