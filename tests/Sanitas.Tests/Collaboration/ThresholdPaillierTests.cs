using System.Numerics;
using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Tests.Collaboration;

public sealed class ThresholdPaillierTests
{
    private static readonly Lazy<ThresholdPaillierKeys> Keys = new(() => ThresholdPaillier.Deal(512, 3, 2, new SeededRandomForTests(11)));

    [Fact]
    public void Textbook_vector_p7_q11_g5652()
    {
        // The classic worked example: n = 77, g = 5652, λ = 30, μ = 74, m = 42, r = 23 gives c = 4624.
        var c = ThresholdPaillier.EncryptWithGenerator(77, 5652, 42, 23);
        Assert.Equal(4624, c);
        Assert.Equal(42, ThresholdPaillier.DecryptWithLambda(77, 30, 74, c));
    }

    [Fact]
    public void Any_two_of_three_centres_decrypt_and_sums_are_homomorphic()
    {
        var keys = Keys.Value;
        var pk = keys.PublicKey;
        Assert.Equal(512, pk.Bits);
        var a = PrimeGeneration.RandomBelow(pk.N, SecureRandom.Instance);
        var b = PrimeGeneration.RandomBelow(pk.N, SecureRandom.Instance);
        var sum = pk.Add(pk.Encrypt(a, SecureRandom.Instance), pk.Encrypt(b, SecureRandom.Instance));
        foreach (var pair in new[] { (0, 1), (1, 2), (2, 0) })
        {
            var shares = new[] { keys.Shares[pair.Item1].Decrypt(sum), keys.Shares[pair.Item2].Decrypt(sum) };
            Assert.Equal((a + b) % pk.N, ThresholdPaillier.Combine(pk, 3, 2, shares));
        }
        var scaled = pk.Multiply(pk.Encrypt(a, SecureRandom.Instance), 7);
        Assert.Equal(a * 7 % pk.N, ThresholdPaillier.Combine(pk, 3, 2, [keys.Shares[0].Decrypt(scaled), keys.Shares[2].Decrypt(scaled)]));
    }

    [Fact]
    public void One_centre_alone_cannot_decrypt_and_encryption_is_randomized()
    {
        var keys = Keys.Value;
        var pk = keys.PublicKey;
        var c1 = pk.Encrypt(42, SecureRandom.Instance);
        var c2 = pk.Encrypt(42, SecureRandom.Instance);
        Assert.NotEqual(c1, c2);
        var error = Assert.Throws<CollaborationException>(() => ThresholdPaillier.Combine(pk, 3, 2, [keys.Shares[0].Decrypt(c1)]));
        Assert.Contains("needs 2", error.Message);
        // A single share combined as if t were 1 gives garbage, not the plaintext.
        Assert.NotEqual(42, ThresholdPaillier.Combine(pk, 3, 1, [keys.Shares[0].Decrypt(c1)]));
    }

    [Fact]
    public void Dealt_primes_are_safe_primes()
    {
        var p = PrimeGeneration.SafePrime(128, new SeededRandomForTests(5));
        Assert.Equal(128, p.GetBitLength());
        Assert.True(PrimeGeneration.IsProbablePrime(p, SecureRandom.Instance));
        Assert.True(PrimeGeneration.IsProbablePrime((p - 1) / 2, SecureRandom.Instance));
        Assert.False(PrimeGeneration.IsProbablePrime(new BigInteger(561), SecureRandom.Instance)); // a Carmichael number
    }
}
