using System.Globalization;

namespace Sanitas.Privacy;

/// <summary>
/// The one place that says which ε and δ a budget, a charge or a command line may hold, and how
/// their text is read. The budget ledger, the command line and the service all check through it.
/// </summary>
/// <remarks>
/// <para>
/// <b>Minimum ε.</b> A release may not spend less than <see cref="MinimumEpsilon"/> = 0.001. Below
/// that, noise scales (sensitivity / ε) overflow to infinity for ordinary bounds, the released
/// values carry no information, and an analyst whose budget is exhausted could go on asking
/// forever for amounts too small to count (each one still charged, and each one a release). So the
/// ledger refuses any charge below it, and an analyst whose remaining budget is below it can run
/// no query at all. A budget is either 0 (revoked) or at least the minimum.
/// </para>
/// <para>
/// <b>Numbers as text</b> are read in the invariant culture: a dot for decimals, an optional
/// exponent, no thousands separators; a comma is an error, never a separator (<c>0,1</c> is not 1).
/// </para>
/// </remarks>
public static class PrivacyParameters
{
    /// <summary>The least ε a single release (one query, one trained model) may spend: 0.001.</summary>
    public const double MinimumEpsilon = 1e-3;

    /// <summary>Checks the ε a release spends: finite and at least <see cref="MinimumEpsilon"/>.</summary>
    /// <param name="epsilon">The ε.</param>
    /// <param name="name">How the caller names it in messages (<c>--epsilon</c>).</param>
    /// <returns><paramref name="epsilon"/>.</returns>
    /// <exception cref="ArgumentException">It is not finite or below the minimum.</exception>
    public static double CheckReleaseEpsilon(double epsilon, string name = "ε")
    {
        if (!double.IsFinite(epsilon) || epsilon < MinimumEpsilon)
        {
            throw new InvalidOptionException(string.Create(CultureInfo.InvariantCulture,
                $"{name} must be a finite number of at least {MinimumEpsilon} (the least ε a release may spend), got {epsilon:R}."));
        }
        return epsilon;
    }

    /// <summary>Checks a budget's total ε: 0 (no budget) or finite and at least <see cref="MinimumEpsilon"/>.</summary>
    /// <exception cref="ArgumentException">It is negative, not finite, or between 0 and the minimum.</exception>
    public static double CheckBudgetEpsilon(double epsilon, string name = "ε")
    {
        if (!double.IsFinite(epsilon) || epsilon < 0 || (epsilon > 0 && epsilon < MinimumEpsilon))
        {
            throw new InvalidOptionException(string.Create(CultureInfo.InvariantCulture,
                $"{name} must be 0 (no budget) or a finite number of at least {MinimumEpsilon} (the least ε a release may spend), got {epsilon:R}."));
        }
        return epsilon;
    }

    /// <summary>Checks a δ (of a budget or a release): finite and in [0, 1).</summary>
    /// <exception cref="ArgumentException">It is not finite or outside [0, 1).</exception>
    public static double CheckDelta(double delta, string name = "δ")
    {
        if (!double.IsFinite(delta) || delta < 0 || delta >= 1)
        {
            throw new InvalidOptionException(string.Create(CultureInfo.InvariantCulture, $"{name} must be in [0, 1), got {delta:R}."));
        }
        return delta;
    }

    /// <summary>
    /// Reads a number written as on a command line or in a configuration: invariant culture, a dot for
    /// decimals, an optional sign and exponent, no thousands separators (a comma fails), finite.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The number, when the text is one.</param>
    /// <returns>Whether the text is a finite number.</returns>
    public static bool TryParseNumber(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text) || text.Contains(','))
        {
            return false;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
