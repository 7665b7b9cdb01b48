namespace Sanitas.Collaboration;

/// <summary>
/// DP for fedavg/fedprox. Central DP-FedAvg (McMahan, Ramage, Talwar &amp; Zhang, ICLR 2018, with per-example rather than
/// per-centre clipping, i.e. DP-SGD of Abadi et al. 2016 across centres): each round every centre sends the
/// sum of its Poisson-sampled, clipped per-example gradients; the coordinator adds Gaussian noise of
/// standard deviation σC to the total from <c>SecureRandom</c> and takes a gradient step. Accounted with
/// the RDP accountant (sampled Gaussian mechanism), charged to each centre's ledger before any row is read.
/// With <see cref="PerSite"/>, each centre runs DP-SGD itself (Abadi et al., CCS 2016): every local step it
/// Poisson-samples, clips, adds the Gaussian noise from <c>SecureRandom</c> to its own sum and steps; it sends
/// only its noisy model, so the guarantee holds against the coordinator too (local steps = <c>localEpochs</c>;
/// the accountant counts rounds × local steps). For <c>model: mlp</c> the clipped gradient is the network's whole
/// parameter vector (Sanitas.Learning's DP-SGD clipping and noise), so the accounting is the same.
/// </summary>
/// <param name="NoiseMultiplier">σ.</param>
/// <param name="ClippingNorm">C.</param>
/// <param name="SamplingRate">q in (0, 1].</param>
/// <param name="Delta">δ.</param>
/// <param name="LearningRate">The step size on the mean gradient.</param>
/// <param name="ExpectedBatchSize">The declared expected batch size q·n the noisy sum is divided by: declared, because the
/// true row count is not released (add/remove-one neighbours, as the accountant assumes).</param>
public sealed record DpFedAvgSettings(double NoiseMultiplier, double ClippingNorm, double SamplingRate, double Delta, double LearningRate, double ExpectedBatchSize)
{
    /// <summary>Per-site DP-SGD (noise added at each centre) instead of central noise at the coordinator.</summary>
    public bool PerSite { get; init; }
}
