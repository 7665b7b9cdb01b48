using System.Globalization;

namespace Sanitas.Privacy;

/// <summary>
/// ρ-zero-concentrated differential privacy (Bun &amp; Steinke 2016): the Rényi divergence of order
/// α between outputs on neighbouring datasets is at most ρα for every α &gt; 1. Composes by adding ρ.
/// </summary>
public sealed record ZeroConcentratedDp : PrivacyCost
{
    /// <summary>Creates a ρ-zCDP cost.</summary>
    /// <param name="rho">Finite and non-negative.</param>
    public ZeroConcentratedDp(double rho) => Rho = Check(rho, nameof(rho));

    /// <summary>The concentration parameter ρ.</summary>
    public double Rho { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ρ = {Rho:G6}");
}
