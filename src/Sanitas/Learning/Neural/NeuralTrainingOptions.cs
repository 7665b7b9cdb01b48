namespace Sanitas.Learning.Neural;

/// <summary>Options of non-private mini-batch training.</summary>
/// <param name="Epochs">Passes over the data; at least 1.</param>
/// <param name="BatchSize">Examples per step; at least 1.</param>
/// <param name="LearningRate">The step size η; positive.</param>
/// <param name="Optimizer">SGD or Adam.</param>
/// <param name="L2">Weight decay λ (gradient of λ/2‖θ‖²); non-negative.</param>
/// <param name="Seed">The seed of the shuffling (non-private training only).</param>
public sealed record NeuralTrainingOptions(
    int Epochs = 100,
    int BatchSize = 32,
    double LearningRate = 0.01,
    OptimizerKind Optimizer = OptimizerKind.Adam,
    double L2 = 0,
    int Seed = 1)
{
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be finite and positive.");
        }
        if (!(L2 >= 0) || !double.IsFinite(L2))
        {
            throw new ArgumentOutOfRangeException(nameof(L2), L2, "The L2 penalty must be finite and non-negative.");
        }
    }
}
