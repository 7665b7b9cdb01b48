using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class ApproximateDpTests
{
    [Fact]
    public void Delta_is_a_probability()
    {
        Assert.Equal("(ε = 1, δ = 1E-05)", new ApproximateDp(1, 1e-5).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApproximateDp(1, -1e-9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApproximateDp(1, 1.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApproximateDp(-1, 0));
    }
}
