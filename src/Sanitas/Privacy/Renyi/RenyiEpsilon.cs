using System.Globalization;

namespace Sanitas.Privacy.Renyi;

/// <summary>An (ε, δ) guarantee read off an RDP curve, with the order that gave it.</summary>
/// <param name="Epsilon">The smallest ε over the orders.</param>
/// <param name="Delta">δ.</param>
/// <param name="Order">The order α at which ε was reached.</param>
/// <param name="Conversion">The conversion used.</param>
public sealed record RenyiEpsilon(double Epsilon, double Delta, double Order, RenyiConversion Conversion)
{
    /// <summary>The guarantee as a cost to charge: (ε, δ)-DP.</summary>
    public ApproximateDp Cost => new(Epsilon, Delta);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"(ε = {Epsilon:G10}, δ = {Delta:G6}) at α = {Order:G6} ({Conversion})");
}
