namespace Sanitas.Synthesis;

/// <summary>What to synthesize and at which privacy cost.</summary>
public sealed record SynthesisOptions
{
    /// <summary><c>mst</c>, <c>aim</c>, <c>privbayes</c> or <c>dpctgan</c>.</summary>
    public required string Mechanism { get; init; }

    /// <summary>ε of the (ε, δ)-DP guarantee.</summary>
    public required double Epsilon { get; init; }

    /// <summary>δ of the (ε, δ)-DP guarantee; positive (the Gaussian mechanism needs it).</summary>
    public required double Delta { get; init; }

    /// <summary>Rows to generate; by default the model's DP estimate of the input's size.</summary>
    public int? Rows { get; init; }

    /// <summary>Mirror-descent iterations of the final fit (Private-PGM's MST uses 5,000; AIM's final fit its <c>max_iters</c>).</summary>
    public int Iterations { get; init; } = 3000;

    /// <summary>AIM: the workload's marginal size (2: all pairs; 3: all pairs and triples).</summary>
    public int WorkloadDegree { get; init; } = 3;

    /// <summary>
    /// AIM: the largest model, in MB of float64 cells (the junction tree's cells × 8 bytes), reached as the
    /// budget is spent. Default 2: the paper's 80 lets the model grow to 10 million cells at large ε, and
    /// every round's 1,000 mirror-descent iterations then run over all of them (on Adult at ε = 10 a draw
    /// had not finished after 47 minutes; with 2 MB it takes ~3 minutes of CPU, docs/benchmarks.md). At
    /// ε = 1 on Adult the 2-way TVD and CPU time stayed within the spread of the 80 MB runs.
    /// </summary>
    public double MaxModelSizeMegabytes { get; init; } = 2;

    /// <summary>AIM: the most rounds T (the paper's 16 d by default).</summary>
    public int? Rounds { get; init; }

    /// <summary>AIM: warm-started mirror-descent iterations per round (the paper's 1,000).</summary>
    public int RoundIterations { get; init; } = 1000;

    /// <summary>
    /// AIM: receives one line per round (the marginal selected, its noise σ, the share of ρ spent, the
    /// model's size and the fit's time). Every number in it is in the released log or public, so the
    /// line is safe to show; null: no lines.
    /// </summary>
    public Action<string>? RoundLog { get; init; }

    /// <summary>
    /// AIM, for comparing estimators only (benchmarks, tests): receives every noisy measurement and
    /// the final fitted model. Never set in a release path: the noisy marginals are released only
    /// through the model.
    /// </summary>
    internal Action<IReadOnlyList<Measurement>, GraphicalModel>? AimInspector { get; init; }

    /// <summary>PrivBayes: at most this many parents per attribute (the paper's degree k, every subset of that size offered); null: θ-usefulness decides (at most 4).</summary>
    public int? MaxParents { get; init; }

    /// <summary>PrivBayes: θ of θ-usefulness (the paper's default 4): a joint is offered when its average cell count is at least θ noise deviations.</summary>
    public double Theta { get; init; } = 4;

    /// <summary>DP-CTGAN: the training options (epochs or steps, batch, learning rates, noise multiplier, layers).</summary>
    public Gan.DpCtganOptions DpCtgan { get; init; } = new();
}
