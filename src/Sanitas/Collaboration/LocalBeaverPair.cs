using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// Two Beaver parties and the dealer in one process, meeting at each round (tests and the engine's own checks):
/// it records every value that is opened — the sum of both parties' masked shares — as an observer of the
/// whole transcript would see it.
/// </summary>
internal sealed class LocalBeaverPair
{
    private readonly BeaverDealer _dealer;
    private readonly object _gate = new();
    private readonly Slot[] _slots = [new(), new()];

    public LocalBeaverPair(IRandomBits random)
    {
        _dealer = new BeaverDealer(random);
        _dealer.Keep("X");
    }

    /// <summary>Every opened value: its label and the opened ring elements (masked differences, then the output).</summary>
    public List<(int Round, string Label, ulong[] Values)> Transcript { get; } = [];

    public BeaverParty Party(int index) => new(index, _dealer.Seed(index), new Exchange(this, index));

    /// <summary>
    /// Trains with the sites' contributions split into shares: the model stage, then (with folds) the fold stage from
    /// the opened final model. Returns the opened models (the final model, then one per fold) and each stage's pair.
    /// </summary>
    public static async Task<(double[][] Models, IReadOnlyList<LocalBeaverPair> Pairs)> TrainAsync(IReadOnlyList<SiteData> sites, SecureTrainingPlan plan, IRandomBits random, CancellationToken ct = default)
    {
        var (models, pair) = await StageAsync(sites, plan with { Start = null }, random, ct).ConfigureAwait(false);
        if (plan.Folds < 2)
        {
            return (models, [pair]);
        }
        var (folds, foldPair) = await StageAsync(sites, plan with { Start = models[0], SchulzIterations = SecureTrainingPlan.FoldSchulzIterations }, random, ct).ConfigureAwait(false);
        return ([models[0], .. folds], [pair, foldPair]);
    }

    private static async Task<(double[][] Models, LocalBeaverPair Pair)> StageAsync(IReadOnlyList<SiteData> sites, SecureTrainingPlan plan, IRandomBits random, CancellationToken ct)
    {
        var pair = new LocalBeaverPair(random);
        var shares = new List<ulong[]>[] { [], [] };
        for (var s = 0; s < sites.Count; s++)
        {
            var split = AdditiveSecretSharing.Split(SecureLogisticTraining.Contribution(sites[s], s, plan), 2, random);
            shares[0].Add(split[0]);
            shares[1].Add(split[1]);
        }
        var runs = Enumerable.Range(0, 2).Select(p => Task.Run(async () =>
        {
            var party = pair.Party(p);
            var w = await SecureLogisticTraining.RunAsync(party, plan, SecureLogisticTraining.Assemble(shares[p], plan), null, ct).ConfigureAwait(false);
            await party.RevealAsync(w, ct).ConfigureAwait(false);
            return w;
        }, ct)).ToArray();
        var results = await Task.WhenAll(runs).ConfigureAwait(false);
        var decoded = new FixedPointEncoding(SecureLogisticTraining.WeightBits).Decode(AdditiveSecretSharing.Combine(results));
        var models = Enumerable.Range(0, plan.Fits).Select(f => decoded[(f * plan.Width)..((f + 1) * plan.Width)]).ToArray();
        return (models, pair);
    }

    private async Task<BeaverDelivery> MeetAsync(int index, BeaverRound round, CancellationToken ct)
    {
        TaskCompletionSource<BeaverDelivery> mine;
        lock (_gate)
        {
            var slot = _slots[index];
            slot.Round = round;
            slot.Result = new(TaskCreationOptions.RunContinuationsAsynchronously);
            mine = slot.Result;
            var other = _slots[1 - index];
            if (other.Round is { } peer && peer.Number == round.Number)
            {
                Complete();
            }
        }
        using var registration = ct.Register(() => mine.TrySetCanceled(ct));
        return await mine.Task.ConfigureAwait(false);
    }

    private void Complete()
    {
        var r0 = _slots[0].Round!;
        var r1 = _slots[1].Round!;
        if (r0.Labels.Count != r1.Labels.Count || r0.Labels.Zip(r1.Labels).Any(z => z.First != z.Second) || r0.Products.Count != r1.Products.Count || r0.Products.Zip(r1.Products).Any(z => z.First != z.Second))
        {
            var error = new CollaborationException($"SMPC: the parties disagree in round {r0.Number}.");
            _slots[0].Result!.TrySetException(error);
            _slots[1].Result!.TrySetException(error);
            return;
        }
        var offset = 0;
        var opened = AdditiveSecretSharing.Combine([r0.Masked, r1.Masked]);
        foreach (var label in r0.Labels)
        {
            Transcript.Add((r0.Number, r0.Final ? "output" : label.Label, opened[offset..(offset + label.Length)]));
            offset += label.Length;
        }
        var corrections = r0.Final ? null : _dealer.Corrections(r0.Products);
        var (s0, s1) = (_slots[0], _slots[1]);
        s0.Round = null;
        s1.Round = null;
        s0.Result!.TrySetResult(new BeaverDelivery(r1.Masked, null));
        s1.Result!.TrySetResult(new BeaverDelivery(r0.Masked, corrections));
    }

    private sealed class Slot
    {
        public BeaverRound? Round { get; set; }

        public TaskCompletionSource<BeaverDelivery>? Result { get; set; }
    }

    private sealed class Exchange(LocalBeaverPair pair, int index) : IBeaverExchange
    {
        public Task<BeaverDelivery> ExchangeAsync(BeaverRound round, CancellationToken cancellationToken) => pair.MeetAsync(index, round, cancellationToken);
    }
}
