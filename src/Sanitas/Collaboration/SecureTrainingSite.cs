using System.Security.Cryptography;
using System.Threading.Channels;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// A centre's side of secure training (protocol smpc): it splits its contribution (rows and local statistics)
/// into two additive shares for the computing parties, encrypted for each; a computing party runs
/// <see cref="SecureLogisticTraining"/> as a coroutine driven by the coordinator's round requests, encrypting
/// its openings for the other party so that the coordinator — the dealer — never sees them.
/// </summary>
internal sealed class SecureTrainingSite(string name, SiteIdentity identity, PinnedKeys pinned, IRandomBits random) : IDisposable
{
    private readonly ECDiffieHellman _key = SecAggCrypto.NewKey();
    private string? _peer;
    private byte[]? _peerKey;
    private string _context = "";
    private Channel<(BeaverRound? Round, Exception? Error)>? _outbox;
    private Channel<BeaverDelivery>? _inbox;
    private readonly CancellationTokenSource _stop = new();
    private Task? _program;
    private int _round;
    private int _delivered;

    /// <summary>The signed ephemeral key this site encrypts with in this training.</summary>
    public SecAggKeys Advertise(string context)
    {
        var spki = _key.ExportSubjectPublicKeyInfo();
        return new SecAggKeys(name, spki, spki, identity.Sign(SecAggCrypto.KeysSignedBytes(context, name, spki, spki)));
    }

    /// <summary>Splits the contribution: a seed for party 0 (its share is the seed's stream), the difference for party 1.</summary>
    public IReadOnlyList<SecAggSharePacket> Share(SiteData data, string context, SecureTrainingPlan plan, IReadOnlyList<SecAggKeys> roster, IReadOnlyList<string> parties)
    {
        var names = Verify(context, roster);
        var site = names.IndexOf(name);
        if (parties.Count != 2 || !parties.All(names.Contains) || parties[0] == parties[1] || plan.SiteRows.Count != names.Count || plan.SiteRows[site] != data.Rows || plan.Width != data.Width)
        {
            throw new CollaborationException($"SMPC training: the plan does not match site '{name}' ({data.Rows} rows, width {data.Width}) or names no two distinct computing sites.");
        }
        var contribution = SecureLogisticTraining.Contribution(data, site, plan);
        var seed = new byte[32];
        random.Fill(seed);
        var share0 = new ulong[contribution.Length];
        BeaverDealer.Expand(seed, "contribution", share0);
        var share1 = RingMath.Subtract(contribution, share0);
        return
        [
            Seal(context, roster, parties[0], seed),
            Seal(context, roster, parties[1], RingMath.ToBytes(share1)),
        ];
    }

    /// <summary>Party start: decrypts every site's share, assembles the inputs and runs the program to its first round.</summary>
    public async Task<SecureTrainingAnswer> StartAsync(string context, SecureTrainingPlan plan, IReadOnlyList<SecAggKeys> roster, IReadOnlyList<string> parties, byte[] dealerSeed, IReadOnlyList<SecAggSharePacket> packets, CancellationToken ct)
    {
        var names = Verify(context, roster);
        var party = parties.ToList().IndexOf(name);
        if (party < 0 || _program is not null)
        {
            throw new CollaborationException($"SMPC training: '{name}' is not a computing party of this training, or it already started.");
        }
        _context = context;
        _peer = parties[1 - party];
        _peerKey = roster.First(k => k.Site == _peer).CipherKey;
        var shares = new List<ulong[]>();
        foreach (var (site, index) in names.Select((n, i) => (n, i)))
        {
            var packet = packets.SingleOrDefault(p => p.From == site && p.To == name)
                ?? throw new CollaborationException($"SMPC training: no share from '{site}' reached '{name}'.");
            var plain = Open(packet, roster.First(k => k.Site == site).CipherKey);
            var size = plan.ContributionLength(index);
            if (party == 0)
            {
                var share = new ulong[size];
                BeaverDealer.Expand(plain, "contribution", share);
                shares.Add(share);
            }
            else
            {
                shares.Add(RingMath.FromBytes(plain));
            }
        }
        var inputs = SecureLogisticTraining.Assemble(shares, plan);
        _outbox = Channel.CreateUnbounded<(BeaverRound?, Exception?)>();
        _inbox = Channel.CreateUnbounded<BeaverDelivery>();
        var beaver = new BeaverParty(party, dealerSeed, new Exchange(this));
        _program = Task.Run(async () =>
        {
            try
            {
                var w = await SecureLogisticTraining.RunAsync(beaver, plan, inputs, null, _stop.Token).ConfigureAwait(false);
                await beaver.RevealAsync(w, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _outbox.Writer.TryWrite((null, e));
            }
        }, CancellationToken.None);
        return await NextAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A round: the peer's masked shares (and party 1's dealer values) in, the next round out.</summary>
    public async Task<SecureTrainingAnswer> RoundAsync(int round, SecAggSharePacket peer, byte[]? corrections, CancellationToken ct)
    {
        if (_inbox is null || round != _round)
        {
            throw new CollaborationException($"SMPC training: '{name}' is at round {_round}, not {round}.");
        }
        if (peer.From != _peer || peer.To != name)
        {
            throw new CollaborationException($"SMPC training: a packet from '{peer.From}' to '{peer.To}' reached '{name}'; rejected.");
        }
        if (_delivered < round)
        {
            // A retried round (its answer lost) is delivered once.
            var masked = RingMath.FromBytes(Open(peer, _peerKey!, round));
            _delivered = round;
            await _inbox.Writer.WriteAsync(new BeaverDelivery(masked, corrections is null ? null : RingMath.FromBytes(corrections)), ct).ConfigureAwait(false);
        }
        return await NextAsync(ct).ConfigureAwait(false);
    }

    private async Task<SecureTrainingAnswer> NextAsync(CancellationToken ct)
    {
        var (round, error) = await _outbox!.Reader.ReadAsync(ct).ConfigureAwait(false);
        if (error is not null)
        {
            throw error as CollaborationException ?? new CollaborationException($"SMPC training failed at '{name}': {error.Message}", error);
        }
        _round = round!.Number;
        return round.Final
            ? new SecureTrainingAnswer(round.Number, round.Labels, [], null, RingMath.ToBytes(round.Masked))
            : new SecureTrainingAnswer(round.Number, round.Labels, round.Products, Seal(_context, _peer!, _peerKey!, RingMath.ToBytes(round.Masked), round.Number), null);
    }

    private List<string> Verify(string context, IReadOnlyList<SecAggKeys> roster)
    {
        foreach (var keys in roster)
        {
            if (!pinned.Verify(keys.Site, SecAggCrypto.KeysSignedBytes(context, keys.Site, keys.CipherKey, keys.MaskKey), keys.Signature))
            {
                throw new CollaborationException($"SMPC training: the key of '{keys.Site}' is not signed by its pinned identity; rejected.");
            }
        }
        var names = roster.Select(k => k.Site).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count || !names.Contains(name) || names.Count < 2)
        {
            throw new CollaborationException($"SMPC training: the roster must list distinct sites including '{name}', at least two.");
        }
        return names;
    }

    private SecAggSharePacket Seal(string context, IReadOnlyList<SecAggKeys> roster, string to, byte[] plain) =>
        Seal(context, to, roster.First(k => k.Site == to).CipherKey, plain, 0);

    private SecAggSharePacket Seal(string context, string to, byte[] peerKey, byte[] plain, int round)
    {
        var key = SecAggCrypto.Agree(_key, peerKey, context, "smpc-train", name, to);
        var nonce = new byte[12];
        random.Fill(nonce);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var gcm = new AesGcm(key, 16);
        gcm.Encrypt(nonce, plain, cipher, tag, Aad(context, name, to, round));
        return new SecAggSharePacket(name, to, nonce, cipher, tag);
    }

    private byte[] Open(SecAggSharePacket packet, byte[] senderKey, int round = 0)
    {
        var key = SecAggCrypto.Agree(_key, senderKey, _context.Length > 0 ? _context : throw new InvalidOperationException("No context."), "smpc-train", name, packet.From);
        var plain = new byte[packet.Ciphertext.Length];
        try
        {
            using var gcm = new AesGcm(key, 16);
            gcm.Decrypt(packet.Nonce, packet.Ciphertext, packet.Tag, plain, Aad(_context, packet.From, name, round));
        }
        catch (CryptographicException e)
        {
            throw new CollaborationException($"SMPC training: the packet from '{packet.From}' does not authenticate; rejected.", e);
        }
        return plain;
    }

    private static byte[] Aad(string context, string from, string to, int round) => SiteIdentity.Utf8($"sanitas-smpc-train|{context}|{from}|{to}|{round}");

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _key.Dispose();
    }

    private sealed class Exchange(SecureTrainingSite site) : IBeaverExchange
    {
        public async Task<BeaverDelivery> ExchangeAsync(BeaverRound round, CancellationToken cancellationToken)
        {
            await site._outbox!.Writer.WriteAsync((round, null), cancellationToken).ConfigureAwait(false);
            if (round.Final)
            {
                return new BeaverDelivery([], null);
            }
            return await site._inbox!.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
