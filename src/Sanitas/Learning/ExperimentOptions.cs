namespace Sanitas.Learning;

/// <summary>An ε sweep: which mechanisms, which ε, how many folds and repeats.</summary>
public sealed record ExperimentOptions
{
    /// <summary>The column to predict.</summary>
    public required string Target { get; init; }

    /// <summary>linear or logistic (naive-bayes also works).</summary>
    public required string Model { get; init; }

    /// <summary>The mechanisms to compare; <c>none</c> is the non-private baseline, <c>empirical-baseline-not-dp</c> the study's non-DP approach.</summary>
    public required IReadOnlyList<string> Mechanisms { get; init; }

    /// <summary>The ε values, e.g. 0.01, 0.1, 1, 10.</summary>
    public required IReadOnlyList<double> Epsilons { get; init; }

    /// <summary>δ for (ε, δ) mechanisms (adassp).</summary>
    public double Delta { get; init; } = 1e-6;

    /// <summary>The feature columns (null: all but the target and the unit).</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>The declared bounds.</summary>
    public LearningBounds Bounds { get; init; } = LearningBounds.None;

    /// <summary>The column identifying the person.</summary>
    public string? Unit { get; init; }

    /// <summary>R: the most rows kept per person.</summary>
    public int MaxRowsPerUnit { get; init; } = 1;

    /// <summary>The regularization (null: each mechanism's default).</summary>
    public double? Regularization { get; init; }

    /// <summary>Folds of the cross-validation.</summary>
    public int Folds { get; init; } = 10;

    /// <summary>Repeats of the whole cross-validation (different fold splits and noise).</summary>
    public int Repeats { get; init; } = 20;

    /// <summary>The seed of the fold splits (not a release).</summary>
    public int Seed { get; init; } = 1;
}
