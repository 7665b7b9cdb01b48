using System.Globalization;

namespace Sanitas.Synthesis.Gan;

/// <summary>
/// The training options of DP-CTGAN (<c>sanitas synth --mechanism dpctgan</c>); the privacy budget is
/// the (ε, δ) of <see cref="SynthesisOptions"/>. Every value is declared: none is read from the data.
/// </summary>
public sealed record DpCtganOptions
{
    /// <summary>Passes over the data: the run has ⌈E·N̂/B⌉ discriminator steps (N̂ the DP estimate of the rows). Ignored when <see cref="Steps"/> is given.</summary>
    public double Epochs { get; init; } = 20;

    /// <summary>The number of discriminator (DP-SGD) steps, overriding <see cref="Epochs"/>; each is followed by one generator step.</summary>
    public int? Steps { get; init; }

    /// <summary>B: each row joins a discriminator batch with probability q = B/N̂ (Poisson sampling); also the generator's batch.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>The generator's Adam step size (CTGAN: 2e-4; β = 0.5, 0.9 as CTGAN).</summary>
    public double GeneratorLearningRate { get; init; } = 1e-3;

    /// <summary>
    /// The discriminator's step: for the default linear critic the rate r of its running average
    /// w ← (1 − r)·w − r·S·ĝ of the noisy DP-SGD gradients ĝ (about 1/r steps averaged); with hidden layers Adam's step size (CTGAN: 2e-4).
    /// </summary>
    public double DiscriminatorLearningRate { get; init; } = 0.05;

    /// <summary>
    /// σ of DP-SGD (noise standard deviation over the clipping norm); null: the smallest σ whose composed
    /// ε (with the 1-way marginals) is within the budget. A given σ is raised to that minimum if it is smaller.
    /// </summary>
    public double? NoiseMultiplier { get; init; }

    /// <summary>C: each example's discriminator gradient is scaled to L2 norm at most C.</summary>
    public double ClippingNorm { get; init; } = 1;

    /// <summary>The share of the zCDP budget ρ spent on the noisy 1-way marginals that the conditions are sampled from.</summary>
    public double MarginalShare { get; init; } = 0.1;

    /// <summary>The widths of the generator's residual layers (CTGAN: 256, 256).</summary>
    public IReadOnlyList<int> GeneratorLayers { get; init; } = [128, 128];

    /// <summary>
    /// The widths of the discriminator's hidden layers over the pairwise features (none by default: a critic linear in the
    /// 1- and 2-way indicator features, <see cref="PairwiseFeatures"/>; CTGAN: 256, 256 over the row).
    /// </summary>
    public IReadOnlyList<int> DiscriminatorLayers { get; init; } = [];

    /// <summary>The dimension of the generator's Gaussian input z (CTGAN: 128).</summary>
    public int LatentDimension { get; init; } = 64;

    /// <summary>The seed of the initial weights only (data-independent, so no privacy cost); every other draw uses the run's secure source.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Generator steps after each discriminator step (free: the generator sees the data only through the discriminator).</summary>
    internal int GeneratorSteps { get; init; } = 1;

    /// <summary>Whether the generator's output biases start at the log of the noisy 1-way frequencies (post-processing of the released marginals).</summary>
    internal bool MarginalPrior { get; init; } = true;

    /// <summary>A factor on the generator's initial output weights (1: PyTorch's default initialization).</summary>
    internal double OutputWeightScale { get; init; } = 1;

    /// <summary>The weight of CTGAN's conditional cross-entropy in the generator's loss (CTGAN: 1).</summary>
    internal double ConditionWeight { get; init; } = 1;

    /// <summary>Whether the discriminator sees the pairwise feature map of a row (<see cref="PairwiseFeatures"/>) instead of CTGAN's row ⊕ condition (off: the earlier design, for comparisons).</summary>
    internal bool PairFeatures { get; init; } = true;

    /// <summary>The Wasserstein critic loss D(fake) − D(real) (per example ±1 on the score) instead of the cross-entropy (off: the earlier design).</summary>
    internal bool Wasserstein { get; init; } = true;

    /// <summary>The discriminator as a running average w ← (1 − r)w − r·S·ĝ of its noisy gradients instead of Adam (off: the earlier design).</summary>
    internal bool AveragedCritic { get; init; } = true;

    /// <summary>S of the averaged critic: its weights' scale against the generator's other losses.</summary>
    internal double CriticScale { get; init; } = 1000;

    /// <summary>λ of the generator's loss λ·Σ_c KL(noisy 1-way frequencies ‖ the batch's mean probabilities) (post-processing).</summary>
    internal double MarginalWeight { get; init; } = 100;

    /// <summary>Adam's β₁ for both networks (CTGAN: 0.5).</summary>
    internal double Beta1 { get; init; } = 0.5;

    /// <summary>Checks the options on their own (before any charge).</summary>
    /// <exception cref="InvalidOptionException">A value out of range, naming its key.</exception>
    public void Validate()
    {
        if (!(Epochs > 0 && Epochs <= 10_000))
        {
            throw InvalidOptionException.Of("epochs", Invariant($"`epochs` must be in (0, 10000], got {Epochs}."));
        }
        if (Steps is < 1 or > 1_000_000)
        {
            throw InvalidOptionException.Of("steps", Invariant($"`steps` must be between 1 and 1,000,000, got {Steps}."));
        }
        if (BatchSize is < 1 or > 100_000)
        {
            throw InvalidOptionException.Of("batchSize", Invariant($"`batchSize` must be between 1 and 100,000, got {BatchSize}."));
        }
        if (!(GeneratorLearningRate > 0 && GeneratorLearningRate < 1) || !(DiscriminatorLearningRate > 0 && DiscriminatorLearningRate < 1))
        {
            throw InvalidOptionException.Of("learningRate", Invariant($"The learning rates must be in (0, 1), got {GeneratorLearningRate} and {DiscriminatorLearningRate}."));
        }
        if (NoiseMultiplier is { } sigma && !(sigma > 0 && sigma <= 1e4))
        {
            throw InvalidOptionException.Of("noiseMultiplier", Invariant($"`noiseMultiplier` must be in (0, 10000], got {sigma}."));
        }
        if (!(ClippingNorm > 0 && double.IsFinite(ClippingNorm)))
        {
            throw InvalidOptionException.Of("clippingNorm", Invariant($"`clippingNorm` must be positive, got {ClippingNorm}."));
        }
        if (!(MarginalShare > 0 && MarginalShare < 1))
        {
            throw InvalidOptionException.Of("marginalShare", Invariant($"`marginalShare` must be in (0, 1), got {MarginalShare}."));
        }
        if (GeneratorLayers is null || DiscriminatorLayers is null || GeneratorLayers.Count is < 1 or > 4 || DiscriminatorLayers.Count > 4 || (DiscriminatorLayers.Count == 0 && !PairFeatures)
            || GeneratorLayers.Concat(DiscriminatorLayers).Any(w => w is < 1 or > 1024))
        {
            throw InvalidOptionException.Of("layers", "The generator and discriminator need 1 to 4 hidden layers of 1 to 1,024 units each.");
        }
        if (GeneratorSteps is < 1 or > 100 || !(ConditionWeight >= 0 && ConditionWeight <= 100) || !(MarginalWeight >= 0 && MarginalWeight <= 1e4) || !(CriticScale > 0 && CriticScale <= 1e6) || !(Beta1 >= 0 && Beta1 < 1))
        {
            throw InvalidOptionException.Of("generatorSteps", "The generator steps must be between 1 and 100, the condition weight in [0, 100] and β₁ in [0, 1).");
        }
        if (LatentDimension is < 1 or > 1024)
        {
            throw InvalidOptionException.Of("latentDimension", Invariant($"`latentDimension` must be between 1 and 1,024, got {LatentDimension}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
