using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// One site's side of secure aggregation (Bonawitz et al., "Practical Secure Aggregation for
/// Privacy-Preserving Machine Learning", CCS 2017, the protocol of its Figure 4 with signed keys): the
/// site adds to its input a self mask PRG(b_u) and pairwise masks ±PRG(s_uv) that cancel in the sum;
/// Shamir shares of b_u and of its mask key let the surviving sites remove the masks of dropouts.
/// </summary>
/// <remarks>
/// A participant answers one session once, in order (advertise, share, mask, unmask) and refuses to
/// reveal both shares for one site: otherwise a coordinator could unmask a single input.
/// </remarks>
internal sealed class SecAggParticipant : IDisposable
{
    private readonly SiteIdentity _identity;
    private readonly PinnedKeys _pinned;
    private readonly string _session;
    private readonly IRandomBits _random;
    private readonly ECDiffieHellman _cipherKey = SecAggCrypto.NewKey();
    private readonly ECDiffieHellman _maskKey = SecAggCrypto.NewKey();
    private readonly byte[] _selfSeed = new byte[32];
    private Dictionary<string, SecAggKeys>? _roster;
    private int _threshold;
    private readonly Dictionary<string, (ShamirShare SelfMask, ShamirShare MaskKey)> _received = new(StringComparer.Ordinal);
    private HashSet<string>? _maskedWith;
    private bool _unmasked;

    public SecAggParticipant(SiteIdentity identity, PinnedKeys pinned, string session, IRandomBits random)
    {
        _identity = identity;
        _pinned = pinned;
        _session = session;
        _random = random;
        random.Fill(_selfSeed);
    }

    public string Site => _identity.Name;

    public SecAggKeys Advertise()
    {
        var c = _cipherKey.ExportSubjectPublicKeyInfo();
        var s = _maskKey.ExportSubjectPublicKeyInfo();
        return new SecAggKeys(Site, c, s, _identity.Sign(SecAggCrypto.KeysSignedBytes(_session, Site, c, s)));
    }

    /// <summary>Round 1: verifies every advertised key against the pinned identities, then shares b_u and s_u^SK.</summary>
    public IReadOnlyList<SecAggSharePacket> ShareKeys(IReadOnlyList<SecAggKeys> roster, int threshold)
    {
        if (_roster is not null)
        {
            throw new CollaborationException($"Secure aggregation '{_session}': site '{Site}' already shared its keys.");
        }
        var byName = new Dictionary<string, SecAggKeys>(StringComparer.Ordinal);
        foreach (var keys in roster)
        {
            if (!_pinned.Verify(keys.Site, SecAggCrypto.KeysSignedBytes(_session, keys.Site, keys.CipherKey, keys.MaskKey), keys.Signature))
            {
                throw new CollaborationException($"Secure aggregation: the keys of '{keys.Site}' are not signed by its pinned identity; rejected.");
            }
            if (!byName.TryAdd(keys.Site, keys))
            {
                throw new CollaborationException($"Secure aggregation: '{keys.Site}' appears twice in the key list.");
            }
        }
        var mine = Advertise();
        if (!byName.TryGetValue(Site, out var listed) || !listed.MaskKey.AsSpan().SequenceEqual(mine.MaskKey) || !listed.CipherKey.AsSpan().SequenceEqual(mine.CipherKey))
        {
            throw new CollaborationException($"Secure aggregation: the key list does not hold site '{Site}''s own keys; rejected.");
        }
        if (threshold < 2 || threshold > byName.Count || byName.Count < 2)
        {
            throw new CollaborationException($"Secure aggregation: threshold {threshold} with {byName.Count} sites; it must be in [2, n] (and above n/2 against an active coordinator).");
        }
        _roster = byName;
        _threshold = threshold;
        var names = byName.Keys.Order(StringComparer.Ordinal).ToList();
        var selfShares = ShamirSecretSharing.SplitBytes(_selfSeed, names.Count, threshold, _random);
        var keyShares = ShamirSecretSharing.SplitBytes(_maskKey.ExportParameters(true).D, names.Count, threshold, _random);
        var packets = new List<SecAggSharePacket>();
        for (var i = 0; i < names.Count; i++)
        {
            var to = names[i];
            if (to == Site)
            {
                _received[Site] = (selfShares[i], keyShares[i]);
                continue;
            }
            var plain = JsonSerializer.SerializeToUtf8Bytes(new SharePlain(selfShares[i].X, selfShares[i].Y.ToString(), keyShares[i].Y.ToString()));
            var key = SecAggCrypto.Agree(_cipherKey, byName[to].CipherKey, _session, "shares", Site, to);
            var nonce = new byte[12];
            _random.Fill(nonce);
            var cipher = new byte[plain.Length];
            var tag = new byte[16];
            using (var gcm = new AesGcm(key, 16))
            {
                gcm.Encrypt(nonce, plain, cipher, tag, SecAggCrypto.PacketAad(_session, Site, to));
            }
            packets.Add(new SecAggSharePacket(Site, to, nonce, cipher, tag));
        }
        return packets;
    }

    /// <summary>Round 2: decrypts the shares addressed to it and returns its masked input y_u.</summary>
    public ulong[] Mask(ReadOnlySpan<ulong> input, IReadOnlyList<SecAggSharePacket> packets)
    {
        if (_roster is null || _maskedWith is not null)
        {
            throw new CollaborationException($"Secure aggregation '{_session}': site '{Site}' was asked to mask out of order.");
        }
        foreach (var packet in packets)
        {
            if (packet.To != Site || !_roster.TryGetValue(packet.From, out var sender) || packet.From == Site)
            {
                throw new CollaborationException($"Secure aggregation: a share packet from '{packet.From}' to '{packet.To}' reached '{Site}'; rejected.");
            }
            var key = SecAggCrypto.Agree(_cipherKey, sender.CipherKey, _session, "shares", Site, packet.From);
            var plain = new byte[packet.Ciphertext.Length];
            try
            {
                using var gcm = new AesGcm(key, 16);
                gcm.Decrypt(packet.Nonce, packet.Ciphertext, packet.Tag, plain, SecAggCrypto.PacketAad(_session, packet.From, Site));
            }
            catch (CryptographicException e)
            {
                throw new CollaborationException($"Secure aggregation: the share packet from '{packet.From}' does not authenticate; rejected.", e);
            }
            var share = JsonSerializer.Deserialize<SharePlain>(plain)!;
            _received[packet.From] = (new ShamirShare(share.X, BigInteger.Parse(share.SelfMask)), new ShamirShare(share.X, BigInteger.Parse(share.MaskKey)));
        }
        _maskedWith = [.. _received.Keys];
        if (_maskedWith.Count < _threshold)
        {
            throw new CollaborationException($"Secure aggregation: only {_maskedWith.Count} sites shared keys, fewer than the threshold {_threshold}; aborting.");
        }
        var y = input.ToArray();
        AesCtrGenerator.Apply(_selfSeed, y, +1);
        foreach (var peer in _maskedWith.Where(p => p != Site))
        {
            var seed = SecAggCrypto.Agree(_maskKey, _roster[peer].MaskKey, _session, "mask", Site, peer);
            AesCtrGenerator.Apply(seed, y, SecAggCrypto.Sign(Site, peer));
        }
        return y;
    }

    /// <summary>Round 3: the shares that remove the masks, once, for a survivor set of at least t sites.</summary>
    public SecAggUnmasking Unmask(IReadOnlyCollection<string> survivors)
    {
        if (_maskedWith is null || _unmasked)
        {
            throw new CollaborationException($"Secure aggregation '{_session}': site '{Site}' was asked to unmask out of order or twice; refused.");
        }
        if (survivors.Count < _threshold || survivors.Distinct().Count() != survivors.Count || !survivors.All(_maskedWith.Contains) || !survivors.Contains(Site))
        {
            throw new CollaborationException($"Secure aggregation: the survivor list ({string.Join(", ", survivors)}) is not a set of at least {_threshold} sites that shared keys with '{Site}'; refused.");
        }
        _unmasked = true;
        var keyShares = new Dictionary<string, ShamirShare>(StringComparer.Ordinal);
        var selfShares = new Dictionary<string, ShamirShare>(StringComparer.Ordinal);
        foreach (var site in _maskedWith)
        {
            if (survivors.Contains(site))
            {
                selfShares[site] = _received[site].SelfMask;
            }
            else
            {
                keyShares[site] = _received[site].MaskKey;
            }
        }
        return new SecAggUnmasking(Site, keyShares, selfShares);
    }

    public void Dispose()
    {
        _cipherKey.Dispose();
        _maskKey.Dispose();
        CryptographicOperations.ZeroMemory(_selfSeed);
    }

    private sealed record SharePlain(int X, string SelfMask, string MaskKey);
}
