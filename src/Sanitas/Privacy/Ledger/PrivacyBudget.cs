namespace Sanitas.Privacy;

/// <summary>An analyst's privacy budget on one dataset: what was granted and what is spent.</summary>
/// <param name="Analyst">The analyst.</param>
/// <param name="Dataset">The dataset (a database, or a table set) the budget applies to.</param>
/// <param name="EpsilonTotal">The ε granted.</param>
/// <param name="DeltaTotal">The δ granted.</param>
/// <param name="EpsilonSpent">The ε charged so far.</param>
/// <param name="DeltaSpent">The δ charged so far.</param>
public sealed record PrivacyBudget(string Analyst, string Dataset, double EpsilonTotal, double DeltaTotal, double EpsilonSpent, double DeltaSpent)
{
    /// <summary>The ε still available (never negative).</summary>
    public double EpsilonRemaining => Math.Max(0, EpsilonTotal - EpsilonSpent);

    /// <summary>The δ still available (never negative).</summary>
    public double DeltaRemaining => Math.Max(0, DeltaTotal - DeltaSpent);
}
