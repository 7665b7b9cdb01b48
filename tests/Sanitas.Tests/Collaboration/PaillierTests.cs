using System.Globalization;
using System.Numerics;
using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Tests.Collaboration;

/// <summary>
/// Paillier-2048 known answers computed by an independent implementation (Python's built-in big integers,
/// pow(); the generator script is in the comment of <see cref="Vectors"/>), the CRT decryption, the DJN
/// fixed-base encryption, and the homomorphism of all of them.
/// </summary>
public sealed class PaillierTests
{
    [Fact]
    public void Textbook_encryption_matches_the_known_answer_and_CRT_decryption_recovers_it()
    {
        var key = new PaillierPrivateKey(Vectors.Hex(Vectors.P), Vectors.Hex(Vectors.Q));
        var pk = key.PublicKey;
        Assert.Equal(2048, pk.Bits);
        var m = Vectors.Hex(Vectors.M);
        var randomizer = pk.RandomizerFor(new FixedUnit(Vectors.Hex(Vectors.R)));
        Assert.Equal(Vectors.Hex(Vectors.C), pk.Encrypt(m, randomizer));
        Assert.Equal(m, key.Decrypt(Vectors.Hex(Vectors.C)));
    }

    [Fact]
    public void Djn_fixed_base_encryption_matches_the_known_answer()
    {
        var key = new PaillierPrivateKey(Vectors.Hex(Vectors.P), Vectors.Hex(Vectors.Q));
        var encryptor = new PaillierEncryptor(key.PublicKey, Vectors.Hex(Vectors.HN), SecureRandom.Instance);
        Assert.Equal(1024, encryptor.ExponentBits);
        var c = encryptor.Encrypt(Vectors.Hex(Vectors.M), Vectors.Hex(Vectors.Alpha));
        Assert.Equal(Vectors.Hex(Vectors.C2), c);
        Assert.Equal(Vectors.Hex(Vectors.M), key.Decrypt(c));
    }

    [Fact]
    public void Fast_encryptions_are_randomized_and_add_and_scale_homomorphically()
    {
        var key = new PaillierPrivateKey(Vectors.Hex(Vectors.P), Vectors.Hex(Vectors.Q));
        var pk = key.PublicKey;
        var encryptor = new PaillierEncryptor(pk, SecureRandom.Instance);
        for (var trial = 0; trial < 8; trial++)
        {
            var a = PrimeGeneration.RandomBelow(pk.N, SecureRandom.Instance);
            var b = PrimeGeneration.RandomBelow(pk.N, SecureRandom.Instance);
            var k = PrimeGeneration.RandomBelow(BigInteger.One << 64, SecureRandom.Instance);
            var ca = encryptor.Encrypt(a);
            Assert.NotEqual(ca, encryptor.Encrypt(a));
            Assert.Equal((a + b) % pk.N, key.Decrypt(pk.Add(ca, pk.Encrypt(b, SecureRandom.Instance))));
            Assert.Equal(a * k % pk.N, key.Decrypt(pk.Multiply(ca, k)));
        }
    }

    [Fact]
    public void Montgomery_exponentiation_equals_BigInteger_ModPow()
    {
        var random = new SeededRandomForTests(3);
        foreach (var bits in new[] { 7, 64, 65, 1000, 2048, 4096 })
        {
            var modulus = PrimeGeneration.RandomBelow(BigInteger.One << bits, random) | BigInteger.One | (BigInteger.One << (bits - 1));
            var context = Montgomery.For(modulus);
            for (var trial = 0; trial < 6; trial++)
            {
                var b = PrimeGeneration.RandomBelow(modulus * 3, random) - modulus;
                var e = PrimeGeneration.RandomBelow(BigInteger.One << (1 + (trial * 300)), random);
                Assert.Equal(BigInteger.ModPow(((b % modulus) + modulus) % modulus, e, modulus), context.Pow(b, e));
            }
            var table = context.FixedBase(12345, 300, 6);
            var x = PrimeGeneration.RandomBelow(BigInteger.One << 300, random);
            Assert.Equal(BigInteger.ModPow(12345 % modulus, x, modulus), table.Pow(x));
            Assert.Throws<ArgumentOutOfRangeException>(() => table.Pow(BigInteger.One << 300));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Montgomery.For(100));
    }

    /// <summary>A source that hands out one chosen unit r (so that RandomizerFor computes r^N for it).</summary>
    private sealed class FixedUnit(BigInteger r) : IRandomBits
    {
        public void Fill(Span<byte> destination)
        {
            destination.Clear();
            var bytes = r.ToByteArray(isUnsigned: true, isBigEndian: true);
            bytes.CopyTo(destination[(destination.Length - bytes.Length)..]);
        }
    }

    /// <summary>
    /// Generated once by a Python script (random.Random(20261207); Miller–Rabin primes p, q of 1024 bits
    /// with the top two bits set; c = (1 + mN)·pow(r, N, N²) mod N²; h = −x² mod N, hN = pow(h, N, N²),
    /// c2 = (1 + mN)·pow(hN, α, N²) mod N², α of 1024 bits; checked by λ/μ decryption in Python).
    /// </summary>
    private static class Vectors
    {
        public const string P = "f7eba31e6af3eca4529cbcf68abc1eacbc045ce5906ed6ec5f685fbccd3622bf46950ca56aa330fbf55fc39639ecf797ae702c7b0ea141093c921bdd565f6bc3dbb8446992e2a1da31b5899cf0a55c840e4c602f118816dd7f9990e116f1512f8d6772bf70fe131592cbe8ef3fa4212eafc55631cb21f640719cee6cd494553d";
        public const string Q = "cda2fdb61bdece5e1dfba525bab1f46c643a510730078057d490ed874cdca2bbaab2785add43089bbddd74a61067f4f2f6fe93612fc3ddecdf347251c1e555b4f9c7f8dd4d9e5cdd8660d6abd2eda11a9476952d5637060689400fe2d921752ef88866f73176f7567e960d78f3fed84e0cc8bdc1429f53b9949cc87f8b9a9fc9";
        public const string M = "746e15c81a069099059b37d11b6e0e6e9e79464e88a2777359be833fb365cff95b071875fcc4d1b224f1c8e7f10cea67bba909f41765fd6a568c9ff4100a75f669027e84349c93e6794b7137732b0976aae90b20436c31f4dd469599afd3e3681a6226fb553dc2bc353b3bbfb0438df482ed9bdb89251aa6f57292f0d64ed645a479c982af5ac2e6aa569b5e7568cadc533b2e0622dc0822203ee30bde4f73351d66c45e44e267eb01266fb8c32a4cdb12c90605f7b435132ca38cef30a8984d3eee593e0bb20d998279c8770f9d360ddd6279e893f70371355eda123664906d5adc61dd085ba0ce351e0c0972080b0ba4cff19ac839d67eccff6ef7ac29f05d";
        public const string R = "121af0095d02821ac446daa27ba3f42e34bc49763e627fcb68978e02e349817347ddd3513b875bbbf24d62dd693d745d270721f0f735362dc99c459d2085d88ea99e99542569d1ccf81cb273ad7bdb7e07fe1f46a84f2f99d545b1d92734501359992e2bba7b1af3506d5280106f404fcaf3cd7052e797a23ae5f6e28c4d2de05645c8cee9c811bdb503ca3041a75c1e09fa8b447e0f353ef72cd4accac83cde0328f7ac23e1cf6ed8502590ed59b99c70378ba4ef226f29d1d89bddd7c0c6c97dd2c24c5a25e660f29ce4057dc566f55087bc3a3aa370afb01a379c30574d62e715366340983380ef4a866ed438689acd674e640693fb83ec8384b7de3ab74";
        public const string C = "1adb4a0cf699a6ee6c8e7099b1ffaa5e4ee1565db15961f3b6690cf3675517bed1529cc3ba4c05d9a3b95b29f76241f518627541cc06c31442c345bb7a2c4fa69c87be36fbfc855cd3f08d47656a3356bb21926c0eece44c35c1d8ca804e43c35c43a35f8110732b3c56beb680751b61acffd4c432f3d2f77a85a8a8e6fb9e1ae325e55056a1c2dbda73561555225dd941c1fd02c78f884e45db3e54ac144c95af75c017a283f3c1152a1e5fbe4b03a75b146b4bb6d63c68bdc68187b1cbf97840af4e95bf1883429bcc7bb93220fc0667fbdcd871775a7207df9d8c60497fa5bb26ce395da3a07ff18c45089dd111fbd1798f413c1d62ee54486401dfda723ff4b3ee70a129cd3cf777996974cdda3ee4aede9abb848ee9821c47ae0783b8d8e555bb37072af90009707b25a283635b9c2bbe852fc147f02990f3aa5a5b506ec46799c3b42e09154a74d4ba54e29e7ef6071149c096584c6737c1fdf800783fc186952ce4e15a1f545244b5eca4a895ced2c2e74b905bed9763d5ea86aa05ad77b489d28ce957121c575017bc754d6fcf452ef9c203b7170188e1bb9871e21e5814ebfec27a284ec6018e85657ef975d69c13acf35872ea56ca85cc6b46a572c1c8bf483c43d5b2409e7bf9ea46a292b0555629f60f57b3216f74e9240330abfda15797c63173d8bb20f02340ab2596092866dc09e7e50caa83a0a0b4b21da7";
        public const string HN = "f27cabb9917e440865ae0bfef7138d01f5216bf048665d6f17fef2b06ea697ae4b1875e8930c5b8b5dde60134ab2fa94d05d2311312452d46d8f9a1c95a4238232cf1e2557e85e5aa6c51e252521c7a54f2053883bed56452748a19629f438c1133db8b47f151b4718a2db348908ab64c7ca62c214227c67e04fe4c47cfcad8b4efbd03848017a200a7699418e610075a689bdabf91f785f18b88d6add3ed05b9a0b00c7675e156ac2d16874a47a081c5a7ebb9cda4fde9635edf794f879e9a1b76394ece735dc96047fcad91c5961b048cd1bc4c71c4e0eaece46959c005be6abc6b5bd6d79b7e2e65a642b6afedc669758f755b530f418c44e5763b15f0668e0059ebdb9e6d13b350ca847838065150594006d2e4336d028c66f9d2e989abeb3a03f1520d53197cbd32bcc7376d09b8608ba7f4fa2303a051d56bcbfcc3084729249c76367b66f5e33d77fd4b8b1f8d1f51707c49c7a60c437b74088c618f281edad613719cd61861633e7534b0ffb6affcc8ed85773fe1c0559e9538aaeffb7ad4c030ed9198c65836a81ddd3a0d449e4dc01d3aaef97f2469b5f9795822a896bd2e45e6d5c8c8b5420d7dfba5a248739619159537b11fe66b394eb3948921e4d5266526a65d4397cf45d624a4042f7e3dff2582601ff4f6d025e7c7359d18636b3e47e0db96a2734828d6dfa864623c66a8554ba8902f10e8a8faf84f06";
        public const string Alpha = "5cbe9e18c29500108830f17cfaccf636519ba3e4885f546e29cb442c19aeecfe277a1c7050854964e075f22346b0001a23946835dd4062549a524431a56abe3eb3f787ef6cd77709216df71fe63ec695808ff97b7627922eee0c93e29f613638489f21723d72cd4daa7b194e68dc1a21ca19b03602a45877c703e2743f52f48d";
        public const string C2 = "2fef5dd0397b947aff1f69e010a1ab73cebbf1d8282414040a087ae59a0646e9d779af405895b11fb2fa6efeefa6160930ea2734543af13669275be510fd8f2bf547ff6076d292b49d214f8187096f82fc1d51f5e66193b0dd6dee9762937fb745ee3549273e0eba5a82e8e12cedbafe525cfedbb5e1e1c479eaafbd5197ef9b2d11a60b69ca7c19d2d58990bbb8f8bc32eef57a75a9c13c07f526c92604cd4fe75572cf09115b7fb262d02603bb75b4ad97e5623bb6bd05dc55840de06cc5e6ae03088a9fc0885a98890940abf346e308b11674d2a554aa95fb72e48eb6f3e73966a50da33e2b834c2eac8eab07e7e4e15c28729b57ff03d121cf77377fdede6a2df111331293d03a69797b1f7196893be6e3d06f4668dfa075013d05d9d618f8715f40aba2171a8b37f1a29a4349e7d17d49ea2e3d25ab71564d12340c89c5bc8da50964185e9ead9bcaaf36865cb73da5c68562616e63cc33c9f2d2898c8f9ebd272178c5de37d6936a1d2de056cee5d68f8f34af975cb4304320c55a50cca956d51cdb4e0bd54a6ddd0895d152661c0240b2e4a9abd4acde11450f6dee9975cbf97858840a929fe4ef8ec8ecda76abdeb0989ff92e0cddfd2e36cde0791446661129bc25c80a165109d7bd89a3ec06f4df5a45706b23a0e8fde0eacc56a8f72d26edac81ca677e2fbd592ee831fcc6aa71a1b5e697092b66ea3ddc0b782f";

        public static BigInteger Hex(string hex) => BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
