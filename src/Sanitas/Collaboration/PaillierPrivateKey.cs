using System.Numerics;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// A whole Paillier private key (p, q) with decryption by Chinese remaindering (Paillier, EUROCRYPT 1999,
/// §7): m_p = L_p(c^(p−1) mod p²)·h_p mod p with h_p = L_p(g^(p−1) mod p²)⁻¹ mod p, likewise for q, then
/// CRT — two half-size exponentiations modulo p² and q² instead of one of λ modulo N², in Montgomery form.
/// For a single key holder (tests, benchmarks); the consortium's key is shared (<see cref="ThresholdPaillier"/>)
/// and nobody holds p and q after the deal.
/// </summary>
internal sealed class PaillierPrivateKey
{
    private readonly BigInteger _p, _q, _pSquared, _qSquared, _hp, _hq, _qInverse;

    public PaillierPrivateKey(BigInteger p, BigInteger q)
    {
        if (p == q || p < 3 || q < 3)
        {
            throw new ArgumentException("p and q must be distinct odd primes.");
        }
        (_p, _q) = (p, q);
        PublicKey = new PaillierPublicKey(p * q);
        (_pSquared, _qSquared) = (p * p, q * q);
        var g = PublicKey.N + 1;
        _hp = PrimeGeneration.ModInverse((BigInteger.ModPow(g, p - 1, _pSquared) - 1) / p % p, p);
        _hq = PrimeGeneration.ModInverse((BigInteger.ModPow(g, q - 1, _qSquared) - 1) / q % q, q);
        _qInverse = PrimeGeneration.ModInverse(q % p, p);
    }

    /// <summary>The public key N = pq, g = N + 1.</summary>
    public PaillierPublicKey PublicKey { get; }

    /// <summary>A key of two random primes of <paramref name="bits"/>/2 bits each.</summary>
    public static PaillierPrivateKey Generate(int bits, IRandomBits random)
    {
        while (true)
        {
            var p = PrimeGeneration.Prime(bits / 2, random);
            var q = PrimeGeneration.Prime(bits / 2, random);
            if (p != q && (p * q).GetBitLength() == bits)
            {
                return new PaillierPrivateKey(p, q);
            }
        }
    }

    /// <summary>m = D(c) by CRT.</summary>
    public BigInteger Decrypt(BigInteger cipher)
    {
        var mp = (Montgomery.For(_pSquared).Pow(cipher % _pSquared, _p - 1) - 1) / _p * _hp % _p;
        var mq = (Montgomery.For(_qSquared).Pow(cipher % _qSquared, _q - 1) - 1) / _q * _hq % _q;
        // Garner: m = m_q + q·((m_p − m_q)·q⁻¹ mod p).
        var h = (mp - mq) * _qInverse % _p;
        if (h.Sign < 0)
        {
            h += _p;
        }
        return mq + (_q * h);
    }
}
