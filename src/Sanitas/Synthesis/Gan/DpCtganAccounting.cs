namespace Sanitas.Synthesis.Gan;

/// <summary>
/// What a DP-CTGAN run released about its training, besides the marginals' steps: all declared or
/// derived from DP values (the planned rows N̂ is the noisy marginals' estimate).
/// </summary>
/// <param name="SamplingRate">q = min(1, B/N̂): each row's probability of joining a discriminator batch.</param>
/// <param name="Steps">The discriminator (DP-SGD) steps T; as many generator steps follow.</param>
/// <param name="NoiseMultiplier">σ: the Gaussian noise over the clipping norm.</param>
/// <param name="ClippingNorm">C.</param>
/// <param name="Epsilon">The composed ε of marginals and DP-SGD at the run's δ (Rényi accountant), at most the requested ε.</param>
/// <param name="Order">The Rényi order that gave <paramref name="Epsilon"/>.</param>
public sealed record DpCtganAccounting(double SamplingRate, long Steps, double NoiseMultiplier, double ClippingNorm, double Epsilon, double Order);
