using Sanitas.Learning.Neural;

namespace Sanitas.Learning.DpSgd;

/// <summary>
/// Options of DP-SGD. Give exactly one of <see cref="NoiseMultiplier"/> (the ε follows) and
/// <see cref="TargetEpsilon"/> (the smallest σ that reaches it is solved for).
/// </summary>
/// <param name="Delta">δ in (0, 1); pick it well below 1/persons.</param>
/// <param name="NoiseMultiplier">σ: noise standard deviation over the clipping norm.</param>
/// <param name="TargetEpsilon">The ε to reach; the planner solves for σ.</param>
/// <param name="ClippingNorm">C: each person's gradient is scaled to L2 norm at most C.</param>
/// <param name="ExpectedBatchSize">B: each person is sampled with probability q = B/N per step.</param>
/// <param name="Epochs">E: the run has ⌈E·N/B⌉ steps.</param>
/// <param name="LearningRate">The optimizer's step size.</param>
/// <param name="Optimizer">SGD or Adam (both are post-processing of the noisy gradient).</param>
/// <param name="L2">Weight decay on the parameters (data-independent, so no privacy cost).</param>
public sealed record DpSgdOptions(
    double Delta,
    double? NoiseMultiplier = null,
    double? TargetEpsilon = null,
    double ClippingNorm = 1.0,
    int ExpectedBatchSize = 64,
    double Epochs = 10,
    double LearningRate = 0.05,
    OptimizerKind Optimizer = OptimizerKind.Adam,
    double L2 = 0)
{
    internal void Validate()
    {
        if (!(Delta > 0 && Delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Delta), Delta, "δ must be in (0, 1).");
        }
        if (NoiseMultiplier is null == TargetEpsilon is null)
        {
            throw new InvalidOptionException("Give either a noise multiplier or a target ε for DP-SGD, not both and not neither.");
        }
        if (NoiseMultiplier is { } s && (!(s > 0) || !double.IsFinite(s)))
        {
            throw new ArgumentOutOfRangeException(nameof(NoiseMultiplier), s, "The noise multiplier must be finite and positive.");
        }
        if (TargetEpsilon is { } e && (!(e > 0) || !double.IsFinite(e)))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetEpsilon), e, "The target ε must be finite and positive.");
        }
        if (!(ClippingNorm > 0) || !double.IsFinite(ClippingNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(ClippingNorm), ClippingNorm, "The clipping norm must be finite and positive.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpectedBatchSize, 1, nameof(ExpectedBatchSize));
        if (!(Epochs > 0) || !double.IsFinite(Epochs))
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "The number of epochs must be finite and positive.");
        }
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
