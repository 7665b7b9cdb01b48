using System.Globalization;

namespace Sanitas.Privacy;

/// <summary>
/// Approximate (ε, δ)-differential privacy (Dwork, Kenthapadi, McSherry, Mironov &amp; Naor 2006):
/// P[M(D) ∈ S] ≤ e^ε P[M(D') ∈ S] + δ for neighbouring datasets and every output set S.
/// </summary>
public sealed record ApproximateDp : PrivacyCost
{
    /// <summary>Creates an (ε, δ)-DP cost.</summary>
    /// <param name="epsilon">Finite and non-negative.</param>
    /// <param name="delta">In [0, 1].</param>
    public ApproximateDp(double epsilon, double delta)
    {
        Epsilon = Check(epsilon, nameof(epsilon));
        Delta = Check(delta, nameof(delta), 1);
    }

    /// <summary>The privacy-loss bound ε.</summary>
    public double Epsilon { get; }

    /// <summary>The failure probability δ.</summary>
    public double Delta { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"(ε = {Epsilon:G6}, δ = {Delta:G6})");
}
