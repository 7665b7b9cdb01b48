namespace Sanitas.Anonymization;

/// <summary>
/// The <c>differential-privacy</c> model of an anonymization configuration: SafePub (Bild, Kuhn &amp;
/// Prasser 2018) with the total (ε, δ), the number of search steps, and the share of ε the search spends.
/// </summary>
/// <param name="Epsilon">The total ε charged: ε_anon + ε_search.</param>
/// <param name="Delta">δ of the sampling-and-suppression step, in (0, 1).</param>
/// <param name="Steps">How many exponential-mechanism steps the search over transformations takes (at least 1).</param>
/// <param name="SearchShare">The share of ε the search spends (ε_search = share · ε), in (0, 1); 0.1 by default as in ARX.</param>
/// <param name="Score">The score the search maximizes.</param>
public sealed record DifferentialPrivacySettings(double Epsilon, double Delta, int Steps = 100, double SearchShare = 0.1, SafePubScore Score = SafePubScore.Granularity)
{
    /// <summary>ε_search: spent by the exponential mechanism, half split evenly over the steps, half on the final pick among the pivots.</summary>
    public double EpsilonSearch => Epsilon * SearchShare;

    /// <summary>ε_anon: the sampling-and-suppression step, from which β and k are derived.</summary>
    public double EpsilonAnonymization => Epsilon - EpsilonSearch;

    /// <summary>Checks the numbers on their own (no data): throws <see cref="ArgumentException"/> with a message naming the key.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Epsilon) || Epsilon < Privacy.PrivacyParameters.MinimumEpsilon || Epsilon > 20)
        {
            throw new InvalidOptionException($"'epsilon' must be between {Privacy.PrivacyParameters.MinimumEpsilon} and 20, got {Epsilon}.");
        }
        if (!(Delta > 0 && Delta < 1))
        {
            throw new InvalidOptionException($"'delta' must be in (0, 1), got {Delta}.");
        }
        if (Steps is < 1 or > 10_000)
        {
            throw new InvalidOptionException($"'steps' must be between 1 and 10000, got {Steps}.");
        }
        if (!(SearchShare > 0 && SearchShare < 1))
        {
            throw new InvalidOptionException($"'searchShare' must be in (0, 1), got {SearchShare}.");
        }
    }
}
