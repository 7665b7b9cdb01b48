using System.Numerics;
using BenchmarkDotNet.Attributes;
using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Benchmarks;

/// <summary>
/// Threshold Paillier at 2048 bits (one encryption, one partial decryption c^{2Δs_i}, combining two
/// shares) and secure aggregation's mask expansion (AES-256-CTR) for a Newton step's 78 values.
/// The key is dealt once in setup (safe primes), outside the measurement.
/// </summary>
public class CollaborationBenchmarks
{
    private ThresholdPaillierKeys _keys = null!;
    private BigInteger _cipher;
    private PaillierDecryptionShare[] _shares = null!;

    /// <summary>Deals a 2048-bit 2-of-3 key.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _keys = ThresholdPaillier.Deal(2048, 3, 2, SecureRandom.Instance);
        _cipher = _keys.PublicKey.Encrypt(123_456_789, SecureRandom.Instance);
        _shares = [_keys.Shares[0].Decrypt(_cipher), _keys.Shares[1].Decrypt(_cipher)];
    }

    /// <summary>E(m; r) = (1 + mN)·r^N mod N² with a fresh r.</summary>
    [Benchmark]
    public BigInteger PaillierEncrypt2048() => _keys.PublicKey.Encrypt(123_456_789, SecureRandom.Instance);

    /// <summary>One centre's partial decryption.</summary>
    [Benchmark]
    public PaillierDecryptionShare PartialDecrypt2048() => _keys.Shares[0].Decrypt(_cipher);

    /// <summary>Combining t = 2 partial decryptions into the plaintext.</summary>
    [Benchmark]
    public BigInteger Combine2048() => ThresholdPaillier.Combine(_keys.PublicKey, 3, 2, _shares);

    /// <summary>The mask of one pair of sites for 78 ring elements.</summary>
    [Benchmark]
    public ulong[] MaskExpansion78()
    {
        var seed = new byte[32];
        var output = new ulong[78];
        AesCtrGenerator.Expand(seed, output);
        return output;
    }
}
