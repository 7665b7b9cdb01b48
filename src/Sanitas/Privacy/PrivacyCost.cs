namespace Sanitas.Privacy;

/// <summary>
/// The privacy loss of a release in one privacy measure: <see cref="PureDp"/>,
/// <see cref="ApproximateDp"/> or <see cref="ZeroConcentratedDp"/>. Costs are finite and
/// non-negative by construction, so no budget can be infinite. Compose them with
/// <see cref="PrivacyComposition"/> and convert them with <see cref="PrivacyConversions"/>.
/// </summary>
public abstract record PrivacyCost
{
    private protected PrivacyCost()
    {
    }

    private protected static double Check(double value, string name, double max = double.MaxValue)
    {
        if (!double.IsFinite(value) || value < 0 || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and in [0, {max}].");
        }
        return value;
    }
}
