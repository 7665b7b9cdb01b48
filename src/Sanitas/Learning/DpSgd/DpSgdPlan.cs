using System.Globalization;
using Sanitas.Privacy;
using Sanitas.Privacy.Renyi;

namespace Sanitas.Learning.DpSgd;

/// <summary>
/// A DP-SGD run fixed before any data is read: the sampling rate, the number of steps, the noise
/// multiplier, the clipping norm and the (ε, δ) the Rényi accountant gives for them. Its
/// <see cref="Cost"/> is what is charged to the budget.
/// </summary>
/// <param name="Persons">N, the number of persons (privacy units) the plan is made for: a constant fixed without reading the data (declared public or a DP estimate).</param>
/// <param name="SamplingRate">q = B/N, capped at 1.</param>
/// <param name="Steps">⌈E·N/B⌉.</param>
/// <param name="NoiseMultiplier">σ.</param>
/// <param name="ClippingNorm">C.</param>
/// <param name="Privacy">The accountant's (ε, δ) and the order that gave it.</param>
public sealed record DpSgdPlan(int Persons, double SamplingRate, long Steps, double NoiseMultiplier, double ClippingNorm, RenyiEpsilon Privacy)
{
    /// <summary>The (ε, δ) charge for the whole run.</summary>
    public ApproximateDp Cost => Privacy.Cost;

    /// <summary>The expected batch size qN that the noisy gradient sum is divided by.</summary>
    public double ExpectedBatchSize => SamplingRate * Persons;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"DP-SGD: {Steps} steps at q = {SamplingRate:G6} ({Persons} persons), σ = {NoiseMultiplier:G6}, C = {ClippingNorm:G6} → ε = {Privacy.Epsilon:G6}, δ = {Privacy.Delta:G3} (RDP order {Privacy.Order:G4})");
}
