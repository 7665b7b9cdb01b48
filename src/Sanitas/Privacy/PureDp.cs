using System.Globalization;

namespace Sanitas.Privacy;

/// <summary>
/// Pure ε-differential privacy (Dwork, McSherry, Nissim &amp; Smith 2006): for neighbouring
/// datasets and every output set S, P[M(D) ∈ S] ≤ e^ε P[M(D') ∈ S].
/// </summary>
public sealed record PureDp : PrivacyCost
{
    /// <summary>Creates an ε-DP cost.</summary>
    /// <param name="epsilon">Finite and non-negative.</param>
    public PureDp(double epsilon) => Epsilon = Check(epsilon, nameof(epsilon));

    /// <summary>The privacy-loss bound ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ε = {Epsilon:G6}");
}
