namespace Sanitas.Collaboration;

/// <summary>The secure-training part of a coordinator's request (protocol smpc).</summary>
internal sealed record SecureTrainingRequest
{
    /// <summary>Names the training within the session.</summary>
    public required string Training { get; init; }

    /// <summary>The public plan (train-share and train-start).</summary>
    public SecureTrainingPlan? Plan { get; init; }

    /// <summary>The two computing sites, party 0 then party 1.</summary>
    public IReadOnlyList<string>? Parties { get; init; }

    /// <summary>train-start: the dealer's seed for the receiving party.</summary>
    public byte[]? DealerSeed { get; init; }

    /// <summary>train-round: the other party's masked shares, encrypted for the receiver.</summary>
    public SecAggSharePacket? Peer { get; init; }

    /// <summary>train-round, party 1: its shares of the round's dealer values c (ring elements, little-endian bytes).</summary>
    public byte[]? Corrections { get; init; }

    /// <summary>The round the request completes (train-round).</summary>
    public int Round { get; init; }
}

/// <summary>A computing site's answer to train-start or train-round: its next round, with its masked shares encrypted for the peer.</summary>
/// <param name="Number">The round number.</param>
/// <param name="Labels">The mask labels opened.</param>
/// <param name="Products">The products it needs triples for.</param>
/// <param name="ToPeer">Its masked shares, encrypted for the other party (null when final).</param>
/// <param name="Output">Final: its share of the models, in the clear (the release).</param>
internal sealed record SecureTrainingAnswer(int Number, IReadOnlyList<BeaverLabel> Labels, IReadOnlyList<BeaverProduct> Products, SecAggSharePacket? ToPeer, byte[]? Output);
