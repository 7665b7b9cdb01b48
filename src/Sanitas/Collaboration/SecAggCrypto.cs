using System.Security.Cryptography;

namespace Sanitas.Collaboration;

/// <summary>The key agreement and key derivation of secure aggregation: ECDH P-256, then HKDF-SHA-256 (RFC 5869) with the session as salt.</summary>
internal static class SecAggCrypto
{
    public static ECDiffieHellman NewKey() => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    public static byte[] Agree(ECDiffieHellman mine, byte[] peerSpki, string session, string purpose, string a, string b)
    {
        using var peer = ECDiffieHellman.Create();
        peer.ImportSubjectPublicKeyInfo(peerSpki, out _);
        var shared = mine.DeriveRawSecretAgreement(peer.PublicKey);
        var (low, high) = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
        var info = SiteIdentity.Utf8($"sanitas-secagg|{purpose}|{low}|{high}");
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, SiteIdentity.Utf8(session), info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    public static ECDiffieHellman Rebuild(byte[] privateScalar, byte[] publicSpki)
    {
        using var pub = ECDiffieHellman.Create();
        pub.ImportSubjectPublicKeyInfo(publicSpki, out _);
        var q = pub.ExportParameters(false).Q;
        var key = ECDiffieHellman.Create();
        key.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateScalar, Q = q });
        return key;
    }

    public static byte[] KeysSignedBytes(string session, string site, byte[] cipherKey, byte[] maskKey) =>
        [.. SiteIdentity.Utf8($"sanitas-secagg-keys|{session}|{site}|"), .. cipherKey, (byte)'|', .. maskKey];

    public static byte[] PacketAad(string session, string from, string to) => SiteIdentity.Utf8($"sanitas-secagg-share|{session}|{from}|{to}");

    public static int Sign(string self, string other) => string.CompareOrdinal(self, other) < 0 ? 1 : -1;
}
