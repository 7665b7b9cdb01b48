namespace Sanitas.Learning;

/// <summary>What to train and how: one options record for <see cref="Trainer.Train"/>.</summary>
public sealed record TrainingOptions
{
    /// <summary>The column to predict.</summary>
    public required string Target { get; init; }

    /// <summary>linear, logistic, naive-bayes or mlp.</summary>
    public required string Model { get; init; }

    /// <summary>none, output, functional, objective, adassp or dpsgd.</summary>
    public string Mechanism { get; init; } = "none";

    /// <summary>ε for a DP mechanism.</summary>
    public double Epsilon { get; init; }

    /// <summary>δ for an (ε, δ) mechanism (adassp, dpsgd).</summary>
    public double Delta { get; init; }

    /// <summary>The feature columns; null or empty: every column but the target and the unit.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>The declared bounds (required for every used column under a DP mechanism).</summary>
    public LearningBounds Bounds { get; init; } = LearningBounds.None;

    /// <summary>The column identifying the person, when a person has several rows.</summary>
    public string? Unit { get; init; }

    /// <summary>R: the most rows kept per person (with <see cref="Unit"/>); sensitivities scale with it.</summary>
    public int MaxRowsPerUnit { get; init; } = 1;

    /// <summary>The L2 regularization; null: the mechanism's default.</summary>
    public double? Regularization { get; init; }

    /// <summary>The folds of the cross-validated metrics (0: no metrics).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>The seed of the fold assignment (not a release: it only splits the data for the metrics).</summary>
    public int FoldSeed { get; init; } = 1;
}
