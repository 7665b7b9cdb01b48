using System.Security.Cryptography;
using System.Text;
using Sanitas.Data;

namespace Sanitas.Collaboration;

/// <summary>
/// A centre's long-term ECDSA P-256 signing key (FIPS 186-4), the root of trust of every message it sends:
/// peers and the coordinator pin its public key in the consortium file and reject anything it did not sign.
/// </summary>
public sealed class SiteIdentity : IDisposable
{
    private readonly ECDsa _key;

    private SiteIdentity(string name, ECDsa key)
    {
        Name = name;
        _key = key;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>The site's name, as the consortium file lists it.</summary>
    public string Name { get; }

    /// <summary>The public key as PEM (SubjectPublicKeyInfo), the value to pin.</summary>
    public string PublicKeyPem { get; }

    /// <summary>A fresh key pair.</summary>
    /// <param name="name">The site's name.</param>
    /// <returns>The identity.</returns>
    public static SiteIdentity Create(string name) => new(name, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a private key written by <see cref="SaveAsync"/> (PKCS#8 PEM).</summary>
    /// <param name="name">The site's name.</param>
    /// <param name="path">The PEM file.</param>
    /// <returns>The identity.</returns>
    public static SiteIdentity Load(string name, string path)
    {
        var pem = File.ReadAllText(path);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new CollaborationException($"{path}: not an EC private key in PEM form ({e.Message}).", e);
        }
        if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.FriendlyName is not ("nistP256" or "ECDSA_P256"))
        {
            key.Dispose();
            throw new CollaborationException($"{path}: the identity must be a P-256 key.");
        }
        return new SiteIdentity(name, key);
    }

    /// <summary>Writes the private key (PKCS#8 PEM, file mode 600 where supported) and the public key next to it, atomically.</summary>
    /// <param name="privatePath">The private key file; the public key goes to the same name with <c>.pub</c> appended.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The public key path.</returns>
    public async Task<string> SaveAsync(string privatePath, CancellationToken cancellationToken = default)
    {
        await AtomicFile.WriteAllTextAsync(privatePath, _key.ExportPkcs8PrivateKeyPem(), secret: true, cancellationToken).ConfigureAwait(false);
        var publicPath = privatePath + ".pub";
        await AtomicFile.WriteAllTextAsync(publicPath, PublicKeyPem, secret: false, cancellationToken).ConfigureAwait(false);
        return publicPath;
    }

    /// <summary>Signs <paramref name="data"/> (ECDSA over SHA-256, IEEE P1363 encoding).</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The 64-byte signature.</returns>
    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256);

    /// <summary>Signs a payload for sending.</summary>
    /// <param name="payload">The JSON payload.</param>
    /// <returns>The envelope.</returns>
    public SignedEnvelope Seal(string payload) =>
        new(Name, payload, Sign(SignedEnvelope.SignedBytes(Name, payload)));

    /// <summary>The SHA-256 fingerprint of a public key PEM, as hex (what an operator compares by phone).</summary>
    /// <param name="publicKeyPem">The PEM.</param>
    /// <returns>64 hex digits.</returns>
    public static string Fingerprint(string publicKeyPem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
