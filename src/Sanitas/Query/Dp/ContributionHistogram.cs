namespace Sanitas.Query;

/// <summary>
/// A DP histogram of how much each person contributes to one table: persons by their number of rows
/// and, for a group column, by their number of distinct values of it. It helps choose the contribution
/// bounds R (maxRowsPerUnit) and G (maxGroupsPerUnit): the bounds cut the persons in the buckets above them.
/// </summary>
/// <param name="Table">The table, as the metadata spells it.</param>
/// <param name="PrivacyUnit">The column identifying the person.</param>
/// <param name="GroupColumn">The column whose distinct values per person were counted, or null.</param>
/// <param name="Rows">Persons by number of rows, in bucket order (1, 2, 3–4, 5–8, …).</param>
/// <param name="Groups">Persons by number of distinct <paramref name="GroupColumn"/> values (null without one).</param>
/// <param name="EpsilonSpent">The ε charged.</param>
/// <param name="EpsilonRemaining">The analyst's ε left after the charge.</param>
public sealed record ContributionHistogram(
    string Table,
    string PrivacyUnit,
    string? GroupColumn,
    IReadOnlyList<ContributionBucket> Rows,
    IReadOnlyList<ContributionBucket>? Groups,
    double EpsilonSpent,
    double EpsilonRemaining);
