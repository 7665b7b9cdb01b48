namespace Sanitas.Collaboration;

/// <summary>The loopback demo: sites on 127.0.0.1 in this process, a coordinator, and the protocols to run.</summary>
public sealed record FederationDemoOptions
{
    /// <summary>A folder with site1.csv… (and pooled.csv); null: simulate the seed workload into a temporary folder.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The protocols to run, in order.</summary>
    public IReadOnlyList<FederationProtocol> Protocols { get; init; } = [FederationProtocol.FedAvg, FederationProtocol.SecAgg, FederationProtocol.Smpc, FederationProtocol.ThresholdHe];

    /// <summary>Rows of the simulated workload (when no folder is given).</summary>
    public int Rows { get; init; } = 49_152;

    /// <summary>The simulation's seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Cross-validation folds.</summary>
    public int Folds { get; init; } = 10;

    /// <summary>The threshold Paillier modulus size.</summary>
    public int KeyBits { get; init; } = 2048;

    /// <summary>t of n.</summary>
    public int Threshold { get; init; } = 2;

    /// <summary>FedAvg rounds.</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>smpc: the secure training's steps (3 Böhning steps, then the exact Hessian's).</summary>
    public int Iterations { get; init; } = 7;

    /// <summary>logistic, or mlp (a multilayer perceptron trained by FedAvg rounds; the secure protocols sum its updates).</summary>
    public string Model { get; init; } = "logistic";

    /// <summary>The MLP's hidden layer sizes.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [16];

    /// <summary>FedAvg local epochs.</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>FedAvg local learning rate.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>
    /// DP for fedavg/fedprox (central DP-FedAvg or, with <see cref="DpFedAvgSettings.PerSite"/>, per-site DP-SGD), or null.
    /// The demo's sites answer without a ledger (they hold the demo's own simulated or sample files); a real node charges
    /// its ledger (<c>sanitas node serve --ledger --analyst</c>). DP runs need <see cref="Folds"/> = 0.
    /// </summary>
    public DpFedAvgSettings? Dp { get; init; }
}
