namespace Sanitas.Learning;

/// <summary>
/// An ε sweep: what to train (one <see cref="TrainingOptions"/>, whose mechanism and ε the sweep varies),
/// which mechanisms, which ε, how many folds and repeats.
/// </summary>
public sealed record ExperimentOptions
{
    /// <summary>
    /// What every cell trains: target, model, features, declared bounds, person column and row bound,
    /// regularization and δ (for (ε, δ) mechanisms such as adassp; the sweep uses 1e-6 when it is 0). Its
    /// <see cref="TrainingOptions.Mechanism"/>, <see cref="TrainingOptions.Epsilon"/> and
    /// <see cref="TrainingOptions.Folds"/> are replaced by each cell's.
    /// </summary>
    public required TrainingOptions Training { get; init; }

    /// <summary>The mechanisms to compare; <c>none</c> is the non-private baseline, <c>empirical-baseline-not-dp</c> the study's non-DP approach.</summary>
    public required IReadOnlyList<string> Mechanisms { get; init; }

    /// <summary>The ε values, e.g. 0.01, 0.1, 1, 10.</summary>
    public required IReadOnlyList<double> Epsilons { get; init; }

    /// <summary>Folds of the cross-validation.</summary>
    public int Folds { get; init; } = 10;

    /// <summary>Repeats of the whole cross-validation (different fold splits and noise).</summary>
    public int Repeats { get; init; } = 20;

    /// <summary>The seed of the fold splits (not a release).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>δ for (ε, δ) mechanisms: the training options' δ, or 1e-6 when they give none.</summary>
    internal double Delta => Training.Delta > 0 ? Training.Delta : 1e-6;
}
