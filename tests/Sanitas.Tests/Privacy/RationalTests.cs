using System.Numerics;
using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class RationalTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(-3.75)]
    [InlineData(1e-310)]
    [InlineData(1.7976931348623157e308)]
    public void Doubles_convert_exactly_and_back(double value)
    {
        var r = Rational.FromDouble(value);
        Assert.Equal(value, r.ToDouble());
        Assert.Equal(value, r.ToDoubleUp());
    }

    [Fact]
    public void One_tenth_is_the_dyadic_value_not_one_tenth()
    {
        var r = Rational.FromDouble(0.1);
        Assert.Equal(BigInteger.One << 55, r.Denominator);
        Assert.True(r > new Rational(1, 10));
    }

    [Fact]
    public void Floor_ceiling_log2_and_rounding_up()
    {
        Assert.Equal(-2, new Rational(-3, 2).Floor());
        Assert.Equal(-1, new Rational(-3, 2).Ceiling());
        Assert.Equal(3, new Rational(17, 2).FloorLog2());
        Assert.Equal(-4, new Rational(1, 10).FloorLog2());
        Assert.Equal(0, Rational.One.FloorLog2());
        var third = new Rational(1, 3);
        Assert.True(Rational.FromDouble(third.ToDoubleUp()) >= third);
    }

    [Fact]
    public void Grid_rounding_is_exact_and_releases_sit_on_the_grid()
    {
        Assert.Equal(3, DyadicGrid.Round(0.75, -2));
        Assert.Equal(3, DyadicGrid.Round(0.625, -2)); // 2.5 grid units, ties upward
        Assert.Equal(-2, DyadicGrid.Round(-0.625, -2));
        var mechanism = new LaplaceMechanism(1, 1);
        var random = new SeededRandomForTests(130);
        var grid = Rational.PowerOfTwo(mechanism.GridExponent);
        for (var i = 0; i < 100; i++)
        {
            var units = Rational.FromDouble(mechanism.Release(0.1, random)) / grid;
            Assert.True(units.Denominator.IsOne);
        }
    }
}
