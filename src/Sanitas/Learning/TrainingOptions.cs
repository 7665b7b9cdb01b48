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

    /// <summary>
    /// The total ε of a DP run: the model's share plus <see cref="RowsEpsilon"/> (when n is
    /// estimated) plus <see cref="MetricsEpsilon"/>; the ledger is charged their composition.
    /// </summary>
    public double Epsilon { get; init; }

    /// <summary>δ for an (ε, δ) mechanism (adassp, dpsgd); all of it goes to the model.</summary>
    public double Delta { get; init; }

    /// <summary>
    /// The ε share of the DP estimate of n, for mechanisms whose noise scales with n (output,
    /// objective, dpsgd) when the bounds do not declare <see cref="LearningBounds.PublicRows"/>;
    /// null: a tenth of <see cref="Epsilon"/>.
    /// </summary>
    public double? RowsEpsilon { get; init; }

    /// <summary>
    /// The ε share of DP metrics on a held-out fifth of the persons (noisy counts of correct
    /// predictions or a noisy sum of squared errors); 0: no DP metrics.
    /// </summary>
    public double MetricsEpsilon { get; init; }

    /// <summary>Opt in to experimental mechanisms (SAN0001 analytic Gaussian on discrete noise: adassp; SAN0003: dpsgd).</summary>
    public bool AllowExperimental { get; init; }

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

    /// <summary>
    /// The folds of the cross-validated metrics of a non-private model (0: no metrics; null: 5).
    /// Refused with a DP mechanism: cross-validation on private rows is not DP.
    /// </summary>
    public int? Folds { get; init; }

    /// <summary>What to do with a missing value in a used column (default <see cref="MissingValuePolicy.Error"/>).</summary>
    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Error;

    /// <summary>The seed of the fold assignment (not a release: it only splits the data for the metrics).</summary>
    public int FoldSeed { get; init; } = 1;
}
