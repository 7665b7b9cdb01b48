using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class PureDpTests
{
    [Fact]
    public void Holds_a_finite_non_negative_epsilon_with_value_equality()
    {
        Assert.Equal(new PureDp(0.5), new PureDp(0.5));
        Assert.Equal("ε = 0.5", new PureDp(0.5).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new PureDp(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PureDp(double.PositiveInfinity));
    }
}
