using System.Numerics;
using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Tests.Collaboration;

public sealed class BeaverTriplesTests
{
    [Fact]
    public void Beaver_multiplication_of_shares_is_exact_mod_2_to_the_64_for_three_parties()
    {
        const int count = 2000;
        var random = SecureRandom.Instance;
        var x = Random(count);
        var y = Random(count);
        var xs = AdditiveSecretSharing.Split(x, 3, random);
        var ys = AdditiveSecretSharing.Split(y, 3, random);
        var triples = BeaverTriples.Deal(count, 3, random);
        var masked = Enumerable.Range(0, 3).Select(p => BeaverTriples.Mask(xs[p], ys[p], triples[p])).ToList();
        var d = AdditiveSecretSharing.Combine(masked.Select(m => m.D));
        var e = AdditiveSecretSharing.Combine(masked.Select(m => m.E));
        var z = AdditiveSecretSharing.Combine(Enumerable.Range(0, 3).Select(p => BeaverTriples.Product(p, d, e, triples[p])));
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(unchecked(x[i] * y[i]), z[i]);
        }
        // The opened d = x − a is not x: the triple's a masks it.
        Assert.True(Enumerable.Range(0, count).Count(i => d[i] == x[i]) < 2);
    }

    [Fact]
    public void Truncation_error_stays_in_SecureMLs_bound_over_many_trials_with_real_randomness()
    {
        // |x|, |y| < 2^8 with f = 16: the product has |z| < 2^48 before truncation (ℓ = 48), so a wrap-around
        // happens with probability ≤ 2^(ℓ+1−64) = 2^−15 per product; otherwise the result is ⌊z/2^f⌋ or ⌊z/2^f⌋ + 1.
        const int trials = 20_000;
        const int f = 16;
        var encoding = new FixedPointEncoding(f);
        var random = SecureRandom.Instance;
        var values = new double[2 * trials];
        var bytes = new byte[values.Length * 8];
        random.Fill(bytes);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((BitConverter.ToUInt64(bytes, i * 8) >> 11) * Math.ScaleB(1.0, -53) * 512) - 256;
        }
        var x = encoding.Encode(values.AsSpan(0, trials));
        var y = encoding.Encode(values.AsSpan(trials));
        var (z0, z1) = BeaverTriples.MultiplyFixedPoint(AdditiveSecretSharing.Split(x, 2, random), AdditiveSecretSharing.Split(y, 2, random), f, random);
        var wraps = 0;
        var offByOne = 0;
        for (var i = 0; i < trials; i++)
        {
            var exact = new BigInteger(unchecked((long)x[i])) * unchecked((long)y[i]);
            var floor = BigInteger.Divide(exact - (exact.Sign < 0 ? (BigInteger.One << f) - 1 : 0), BigInteger.One << f);
            var got = new BigInteger(unchecked((long)(z0[i] + z1[i])));
            var error = got - floor;
            if (error == 1)
            {
                offByOne++;
            }
            else if (error != 0)
            {
                wraps++;
            }
        }
        // Expected wraps ≤ 20,000 · 2^−15 ≈ 0.6; more than 6 has probability below 1e-5 (Poisson tail).
        Assert.True(wraps <= 6, $"{wraps} wrap-arounds in {trials} products");
        // The off-by-one carry is real (about half the time), so the test would notice an exact-truncation bug too.
        Assert.InRange(offByOne, trials / 4, 3 * trials / 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => BeaverTriples.Truncate(2, 1, f));
    }

    private static ulong[] Random(int count)
    {
        var bytes = new byte[count * 8];
        SecureRandom.Instance.Fill(bytes);
        var v = new ulong[count];
        Buffer.BlockCopy(bytes, 0, v, 0, bytes.Length);
        return v;
    }
}
