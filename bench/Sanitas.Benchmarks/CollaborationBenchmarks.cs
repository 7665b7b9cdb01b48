using System.Numerics;
using BenchmarkDotNet.Attributes;
using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Benchmarks;

/// <summary>
/// Paillier at 2048 bits: the plain BigInteger encryption (the anchor, r^N by BigInteger.ModPow), the same in
/// Montgomery form, the DJN fixed-base encryption (h_N^α, α of 1024 bits), textbook decryption with λ by
/// BigInteger.ModPow, CRT decryption with p and q, one centre's partial decryption c^{2Δs_i} and combining two
/// shares; and secure aggregation's mask expansion (AES-256-CTR) for a Newton step's 78 values.
/// Setup loads a fixed 2048-bit test key (two 1,024-bit safe primes in paillier-2048-test-primes.txt, made once
/// with <c>-- --paillier-primes FILE</c>; a test key, never a deployment's) so that no benchmark process spends
/// minutes on prime generation; the shares and the DJN table are built from it once per process.
/// Short run: <c>dotnet run -c Release --project bench/Sanitas.Benchmarks -- --filter '*CollaborationBenchmarks*' --job short</c>.
/// </summary>
public class CollaborationBenchmarks
{
    private ThresholdPaillierKeys _keys = null!;
    private BigInteger _cipher;
    private PaillierDecryptionShare[] _shares = null!;
    private PaillierEncryptor _encryptor = null!;
    private PaillierPrivateKey _private = null!;
    private BigInteger _privateCipher;
    private BigInteger _lambda;
    private BigInteger _mu;

    /// <summary>The fixed test primes' file, next to the benchmark assembly.</summary>
    public static string PrimesFile => Path.Combine(AppContext.BaseDirectory, "paillier-2048-test-primes.txt");

    /// <summary>Generates two 1,024-bit safe primes and writes them, one decimal per line (run once; the file is committed).</summary>
    public static void WritePrimes(string path)
    {
        var p = PrimeGeneration.SafePrime(1024, SecureRandom.Instance);
        BigInteger q;
        do
        {
            q = PrimeGeneration.SafePrime(1024, SecureRandom.Instance);
        }
        while (q == p || (p * q).GetBitLength() != 2048);
        File.WriteAllLines(path, [p.ToString(System.Globalization.CultureInfo.InvariantCulture), q.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    /// <summary>Loads the fixed 2048-bit test key and deals it 2-of-3.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var lines = File.ReadAllLines(PrimesFile);
        var (sp, sq) = (BigInteger.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture), BigInteger.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture));
        _keys = ThresholdPaillier.DealFromPrimes(sp, sq, 3, 2, SecureRandom.Instance);
        _cipher = _keys.PublicKey.Encrypt(123_456_789, SecureRandom.Instance);
        _shares = [_keys.Shares[0].Decrypt(_cipher), _keys.Shares[1].Decrypt(_cipher)];
        _encryptor = new PaillierEncryptor(_keys.PublicKey, SecureRandom.Instance);
        var (p, q) = (sp, sq);
        _private = new PaillierPrivateKey(p, q);
        _privateCipher = _private.PublicKey.Encrypt(123_456_789, SecureRandom.Instance);
        _lambda = (p - 1) * (q - 1) / BigInteger.GreatestCommonDivisor(p - 1, q - 1);
        var n = p * q;
        _mu = PrimeGeneration.ModInverse((BigInteger.ModPow(n + 1, _lambda, n * n) - 1) / n, n);
    }

    /// <summary>The anchor: E(m; r) = (1 + mN)·r^N mod N² with a fresh r, r^N by BigInteger.ModPow.</summary>
    [Benchmark(Baseline = true)]
    public BigInteger PaillierEncryptBigInteger2048()
    {
        var pk = _keys.PublicKey;
        var r = PrimeGeneration.RandomUnit(pk.N, SecureRandom.Instance);
        return pk.Encrypt(123_456_789, BigInteger.ModPow(r, pk.N, pk.NSquared));
    }

    /// <summary>The same with r^N in Montgomery form (fixed window).</summary>
    [Benchmark]
    public BigInteger PaillierEncryptMontgomery2048() => _keys.PublicKey.Encrypt(123_456_789, SecureRandom.Instance);

    /// <summary>DJN: (1 + mN)·h_N^α with α of 1024 bits from a fixed-base table (what the sites use).</summary>
    [Benchmark]
    public BigInteger PaillierEncryptDjnTable2048() => _encryptor.Encrypt(123_456_789);

    /// <summary>Textbook decryption L(c^λ mod N²)·μ by BigInteger.ModPow.</summary>
    [Benchmark]
    public BigInteger PaillierDecryptBigInteger2048() => ThresholdPaillier.DecryptWithLambda(_private.PublicKey.N, _lambda, _mu, _privateCipher);

    /// <summary>Decryption by CRT with p and q, Montgomery form.</summary>
    [Benchmark]
    public BigInteger PaillierDecryptCrt2048() => _private.Decrypt(_privateCipher);

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
