using System.Security.Cryptography;

namespace Sanitas.Collaboration;

/// <summary>The public keys a party trusts, by name: signatures from anyone else, or under any other key, are rejected.</summary>
public sealed class PinnedKeys
{
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>Pins <paramref name="publicKeyPem"/> for <paramref name="name"/>.</summary>
    /// <param name="name">A site or coordinator name.</param>
    /// <param name="publicKeyPem">Its P-256 public key (SubjectPublicKeyInfo PEM).</param>
    /// <param name="place">Where the key came from, for the error message.</param>
    public void Add(string name, string publicKeyPem, string place)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new CollaborationException($"{place}: the public key of '{name}' is not a PEM public key ({e.Message}).", e);
        }
        if (key.KeySize != 256)
        {
            throw new CollaborationException($"{place}: the public key of '{name}' is not a P-256 key.");
        }
        if (!_keys.TryAdd(name, key.ExportSubjectPublicKeyInfo()))
        {
            throw new CollaborationException($"{place}: '{name}' is listed twice.");
        }
    }

    /// <summary>The pinned names.</summary>
    public IEnumerable<string> Names => _keys.Keys;

    /// <summary>Whether <paramref name="name"/> has a pinned key.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True if pinned.</returns>
    public bool Contains(string name) => _keys.ContainsKey(name);

    /// <summary>Verifies an ECDSA P-256/SHA-256 signature by <paramref name="name"/>.</summary>
    /// <param name="name">The claimed signer.</param>
    /// <param name="data">The signed bytes.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>False if the name is unknown or the signature is wrong.</returns>
    public bool Verify(string name, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (!_keys.TryGetValue(name, out var spki))
        {
            return false;
        }
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(spki, out _);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256);
    }
}
