using System.Numerics;
using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Tests.Collaboration;

public sealed class ShamirSecretSharingTests
{
    [Fact]
    public void Matches_the_textbook_example_secret_1234_with_166x_plus_94x2()
    {
        // The worked example of Shamir's scheme (f(x) = 1234 + 166x + 94x², n = 6, t = 3).
        var shares = ShamirSecretSharing.Evaluate(1234, 6, [166, 94]);
        Assert.Equal(new BigInteger[] { 1494, 1942, 2578, 3402, 4414, 5614 }, shares.Select(s => s.Y));
        Assert.Equal(1234, ShamirSecretSharing.Combine([shares[1], shares[3], shares[4]]));
    }

    [Fact]
    public void Any_t_shares_recover_and_t_minus_one_are_consistent_with_every_secret()
    {
        var random = new SeededRandomForTests(7);
        for (var trial = 0; trial < 20; trial++)
        {
            var secret = ShamirSecretSharing.RandomElement(random);
            var shares = ShamirSecretSharing.Split(secret, 5, 3, random);
            foreach (var subset in new[] { new[] { 0, 1, 2 }, [2, 3, 4], [0, 2, 4], [4, 1, 3] })
            {
                Assert.Equal(secret, ShamirSecretSharing.Combine([.. subset.Select(i => shares[i])]));
            }
            // Two shares plus a forged third point at x = 0 interpolate any secret: they pin nothing down.
            var other = ShamirSecretSharing.RandomElement(random);
            var forged = ShamirSecretSharing.Combine([new ShamirShare(1, shares[0].Y), new ShamirShare(2, shares[1].Y)]);
            Assert.NotEqual(secret, forged);
            Assert.NotEqual(other, secret);
        }
    }

    [Fact]
    public void Bytes_round_trip_and_fewer_than_t_shares_do_not()
    {
        var seed = new byte[32];
        SecureRandom.Instance.Fill(seed);
        seed[0] = 0; // a leading zero must survive
        var shares = ShamirSecretSharing.SplitBytes(seed, 4, 3, SecureRandom.Instance);
        Assert.Equal(seed, ShamirSecretSharing.CombineBytes([shares[3], shares[0], shares[2]], 32));
        Assert.ThrowsAny<ArgumentException>(() => ShamirSecretSharing.CombineBytes([shares[3], shares[0]], 32));
    }

    [Fact]
    public void Duplicate_points_and_bad_thresholds_are_rejected()
    {
        var shares = ShamirSecretSharing.Split(5, 3, 2, SecureRandom.Instance);
        Assert.Contains("distinct", Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine([shares[0], shares[0]])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ShamirSecretSharing.Split(5, 3, 4, SecureRandom.Instance));
    }
}
