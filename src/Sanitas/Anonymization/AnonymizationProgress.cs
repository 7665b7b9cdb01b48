namespace Sanitas.Anonymization;

/// <summary>
/// Progress of anonymizing a file or a database table (<see cref="Workflows.FileAnonymizer"/>,
/// <see cref="Workflows.DatabaseAnonymizer"/>, <see cref="Workflows.RiskLoopFileAnonymizer"/>): the phases
/// arrive in the order of <see cref="AnonymizationPhase"/>, each ends with <see cref="Fraction"/> = 1, and
/// reports are throttled (at most about one per 64k records or per percent of the input).
/// </summary>
/// <param name="Phase">The phase running.</param>
/// <param name="Fraction">
/// The share of the phase done, in [0, 1]: of the input file's bytes while reading a CSV file, of the table's rows
/// while reading a database table (with the counting pushed down, the rows its GROUP BY groups returned so far cover;
/// it stays at 0 while the database counts), of the lattice while searching, of the records while writing.
/// </param>
/// <param name="Rows">Records read so far (reading), all records (searching), records written so far (writing).</param>
/// <param name="TotalRows">All records, when known: while writing and searching, and while reading a database table; null while reading a CSV file.</param>
public readonly record struct AnonymizationProgress(AnonymizationPhase Phase, double Fraction, long Rows, long? TotalRows)
{
    /// <summary>The lattice search's own progress, during <see cref="AnonymizationPhase.Searching"/>.</summary>
    public SearchProgress? Search { get; init; }

    /// <summary>
    /// One number for the whole run, in [0, 1]: each phase counts for a third (a display aid, not a share of time),
    /// so it never goes back from one phase to the next (within the search it can, when a risk loop searches again).
    /// </summary>
    public double Overall => ((int)Phase + Math.Clamp(Fraction, 0, 1)) / 3;
}
