using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Tests.Collaboration;

public sealed class AdditiveSecretSharingTests
{
    [Fact]
    public void Shares_sum_to_the_secret_and_parties_sum_locally()
    {
        var encoding = FixedPointEncoding.Default;
        double[][] inputs = [[1.5, -2.25, 1e6], [-0.125, 3, -1e6], [4, 0.001, 2.5]];
        var perParty = new List<ulong[]>[3];
        for (var p = 0; p < 3; p++)
        {
            perParty[p] = [];
        }
        foreach (var input in inputs)
        {
            var shares = AdditiveSecretSharing.Split(encoding.Encode(input), 3, SecureRandom.Instance);
            Assert.Equal(encoding.Encode(input), AdditiveSecretSharing.Combine(shares));
            for (var p = 0; p < 3; p++)
            {
                perParty[p].Add(shares[p]);
            }
        }
        var partials = perParty.Select(AdditiveSecretSharing.Combine).ToList();
        var sum = encoding.Decode(AdditiveSecretSharing.Combine(partials));
        double[] expected = [5.375, 0.751, 2.5];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], sum[i], 1e-9);
        }
    }

    [Fact]
    public void One_share_is_uniform_whatever_the_secret()
    {
        // The first share's top bit is a fair coin for a secret of 0 as for a secret of 2^63.
        var ones = 0;
        const int trials = 4000;
        for (var t = 0; t < trials; t++)
        {
            var shares = AdditiveSecretSharing.Split([t % 2 == 0 ? 0UL : 1UL << 63], 2, SecureRandom.Instance);
            ones += (int)(shares[1][0] >> 63);
        }
        Assert.InRange(ones, (trials / 2) - 200, (trials / 2) + 200);
    }

    [Fact]
    public void Fixed_point_rounding_error_is_within_half_a_step()
    {
        var encoding = new FixedPointEncoding(20);
        var random = new Random(3);
        for (var i = 0; i < 10_000; i++)
        {
            var x = (random.NextDouble() - 0.5) * 1e6;
            Assert.True(Math.Abs(encoding.Decode(encoding.Encode(x)) - x) <= Math.ScaleB(1, -21));
        }
        Assert.Equal(encoding.Range, encoding.Decode(encoding.Encode(double.PositiveInfinity)));
    }
}
