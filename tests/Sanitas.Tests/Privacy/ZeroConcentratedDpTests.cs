using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class ZeroConcentratedDpTests
{
    [Fact]
    public void Rho_is_finite_and_non_negative()
    {
        Assert.Equal(new ZeroConcentratedDp(0.25), new ZeroConcentratedDp(0.25));
        Assert.Equal("ρ = 0.25", new ZeroConcentratedDp(0.25).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZeroConcentratedDp(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZeroConcentratedDp(-0.1));
    }
}
