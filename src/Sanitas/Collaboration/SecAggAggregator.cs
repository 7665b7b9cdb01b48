namespace Sanitas.Collaboration;

/// <summary>
/// The coordinator's side of secure aggregation (Bonawitz et al. 2017): it routes keys and encrypted
/// shares, sums the masked inputs of the survivors and, from t unmasking answers, removes the self masks
/// of survivors and the pairwise masks that dropped sites left behind. It never sees an input unmasked.
/// </summary>
internal sealed class SecAggAggregator(string session, int threshold, int length)
{
    private readonly Dictionary<string, SecAggKeys> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong[]> _masked = new(StringComparer.Ordinal);

    public int Threshold => threshold;

    public void AddKeys(SecAggKeys keys) => _keys[keys.Site] = keys;

    public IReadOnlyList<SecAggKeys> Roster => [.. _keys.Values.OrderBy(k => k.Site, StringComparer.Ordinal)];

    /// <summary>Routes round-1 packets: those addressed to <paramref name="site"/>, from sites that completed round 1.</summary>
    public static IReadOnlyList<SecAggSharePacket> PacketsFor(string site, IEnumerable<SecAggSharePacket> all) => [.. all.Where(p => p.To == site)];

    public void AddMasked(string site, ulong[] masked)
    {
        if (masked.Length != length)
        {
            throw new CollaborationException($"Secure aggregation: '{site}' sent {masked.Length} masked values, expected {length}.");
        }
        _masked[site] = masked;
    }

    public IReadOnlyCollection<string> Survivors => [.. _masked.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The exact sum of the survivors' inputs mod 2^64, from the unmasking answers of at least t survivors.</summary>
    public ulong[] Sum(IReadOnlyCollection<string> sharedKeys, IReadOnlyList<SecAggUnmasking> answers)
    {
        if (answers.Count < threshold)
        {
            throw new CollaborationException($"Secure aggregation '{session}': {answers.Count} sites answered the unmasking round, fewer than the threshold {threshold}; the sum cannot be recovered.");
        }
        var sum = AdditiveSecretSharing.Combine(_masked.Values);
        foreach (var survivor in _masked.Keys)
        {
            var seed = ShamirSecretSharing.CombineBytes([.. answers.Select(a => a.SelfMaskShares[survivor])], 32);
            AesCtrGenerator.Apply(seed, sum, -1);
        }
        foreach (var dropped in sharedKeys.Where(s => !_masked.ContainsKey(s)))
        {
            var scalar = ShamirSecretSharing.CombineBytes([.. answers.Select(a => a.MaskKeyShares[dropped])], 32);
            using var key = SecAggCrypto.Rebuild(scalar, _keys[dropped].MaskKey);
            foreach (var survivor in _masked.Keys)
            {
                var pairSeed = SecAggCrypto.Agree(key, _keys[survivor].MaskKey, session, "mask", survivor, dropped);
                // The survivor added Sign(survivor, dropped)·PRG; take it back out.
                AesCtrGenerator.Apply(pairSeed, sum, -SecAggCrypto.Sign(survivor, dropped));
            }
        }
        return sum;
    }
}
