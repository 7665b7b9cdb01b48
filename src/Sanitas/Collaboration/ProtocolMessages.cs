using System.Numerics;

namespace Sanitas.Collaboration;

/// <summary>What a centre computes on its rows for one aggregation.</summary>
/// <param name="Kind">newton, fedavg, dp-gradient, dp-sgd or histogram.</param>
/// <param name="Weights">The current global model (intercept first).</param>
/// <param name="Fold">The held-out fold (−1: all rows).</param>
/// <param name="Folds">The number of folds.</param>
/// <param name="FoldSeed">The seed of the fold assignment.</param>
/// <param name="Epochs">FedAvg local epochs.</param>
/// <param name="LearningRate">FedAvg local learning rate.</param>
/// <param name="Mu">FedProx proximal weight μ.</param>
/// <param name="ClippingNorm">DP: per-example clipping norm C.</param>
/// <param name="SamplingRate">DP: Poisson sampling rate q.</param>
/// <param name="Bins">Histogram bins.</param>
/// <param name="BatchSize">Per-site DP-SGD: the declared expected batch the noisy sum is divided by.</param>
/// <param name="Hidden">The multilayer perceptron's hidden layers (null: logistic regression).</param>
/// <param name="ShuffleSeed">The MLP's FedAvg: the seed of this round's mini-batch order (null: <paramref name="FoldSeed"/>); separate
/// from the fold seed, so every round trains on the same fold split.</param>
internal sealed record LocalTask(string Kind, double[] Weights, int Fold, int Folds, int FoldSeed,
    int Epochs = 1, double LearningRate = 0.1, double Mu = 0, double ClippingNorm = 1, double SamplingRate = 1, int Bins = 1024, double BatchSize = 1, int[]? Hidden = null,
    int? ShuffleSeed = null);

/// <summary>The DP plan a centre charges to its ledger before it answers any dp-gradient task.</summary>
internal sealed record DpPlan(double SamplingRate, double NoiseMultiplier, double ClippingNorm, long Steps, double Delta, bool PerSite = false);

/// <summary>A coordinator's request to a centre (signed by the coordinator).</summary>
internal sealed record SiteRequest
{
    public required string Session { get; init; }

    public required string Aggregation { get; init; }

    public required string Step { get; init; }

    public DateTimeOffset IssuedAt { get; init; } = DateTimeOffset.UtcNow;

    public LocalTask? Task { get; init; }

    public DpPlan? Dp { get; init; }

    public IReadOnlyList<SecAggKeys>? Roster { get; init; }

    public int Threshold { get; init; }

    public int FractionBits { get; init; } = 24;

    public int ValueBits { get; init; } = 64;

    public int HeadroomBits { get; init; } = 8;

    public IReadOnlyList<SecAggSharePacket>? Packets { get; init; }

    public IReadOnlyList<string>? Survivors { get; init; }

    public IReadOnlyList<SignedEnvelope>? Ciphertexts { get; init; }

    public SecureTrainingRequest? Training { get; init; }
}

/// <summary>A centre's answer (signed by the centre).</summary>
internal sealed record SiteResponse
{
    public required string Site { get; init; }

    public required string Aggregation { get; init; }

    public required string Step { get; init; }

    public int Rows { get; init; }

    public int Width { get; init; }

    public BigInteger? PaillierModulus { get; init; }

    public int PaillierParties { get; init; }

    public int PaillierThreshold { get; init; }

    public double[]? Values { get; init; }

    public ulong[]? Ring { get; init; }

    public SecAggKeys? Keys { get; init; }

    public IReadOnlyList<SecAggSharePacket>? Packets { get; init; }

    public SecAggUnmasking? Unmasking { get; init; }

    public IReadOnlyList<BigInteger>? Ciphertexts { get; init; }

    public IReadOnlyList<PaillierDecryptionShare>? DecryptionShares { get; init; }

    public double? ChargedEpsilon { get; init; }

    public SecureTrainingAnswer? Training { get; init; }
}
