using Sanitas.Privacy.Renyi;

namespace Sanitas.Tests.Privacy.Renyi;

public class RenyiDpTests
{
    [Fact]
    public void Conversions_follow_their_formulas()
    {
        // A pure-DP-like constant curve ε(α) = 1.1 over orders 2..32 (as TF Privacy's
        // test_get_privacy_spent_check_target_delta): Mironov: min 1.1 + log(1/δ)/(α − 1) is at α = 32.
        var orders = Enumerable.Range(2, 31).Select(x => (double)x).ToArray();
        var curve = new RenyiDp(orders, [.. orders.Select(_ => 1.1)]);
        var mironov = curve.ToApproximateDp(1e-5, RenyiConversion.Mironov2017);
        Assert.Equal(1.1 + (Math.Log(1e5) / 31), mironov.Epsilon, 12);
        Assert.Equal(32, mironov.Order);
        var balle = curve.ToApproximateDp(1e-5);
        var expected = orders.Min(a => 1.1 + Math.Log(1 - (1 / a)) - ((Math.Log(1e-5) + Math.Log(a)) / (a - 1)));
        Assert.Equal(expected, balle.Epsilon, 12);
        Assert.True(balle.Epsilon < mironov.Epsilon);
        Assert.Equal(new Sanitas.Privacy.ApproximateDp(balle.Epsilon, 1e-5), balle.Cost);
    }

    [Fact]
    public void Composition_adds_order_by_order_and_refuses_other_orders()
    {
        var a = new RenyiDp([2, 4], [0.5, 1]);
        var b = new RenyiDp([2, 4], [0.25, 2]);
        Assert.Equal(new RenyiDp([2, 4], [0.75, 3]), a.Compose(b));
        var e = Assert.Throws<ArgumentException>(() => a.Compose(new RenyiDp([2, 8], [0.1, 0.2])));
        Assert.Contains("different orders", e.Message);
    }

    [Fact]
    public void Invalid_curves_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenyiDp([1], [0.1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenyiDp([2], [-0.1]));
        Assert.Throws<ArgumentException>(() => new RenyiDp([2, 3], [0.1]));
        Assert.Throws<ArgumentException>(() => new RenyiDp([2, 2], [0.1, 0.1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenyiDp([2], [0.1]).ToApproximateDp(1));
    }
}
