namespace Sanitas.Privacy;

/// <summary>
/// The budget ledger cannot be used: its file is missing, read-only, a folder, not a SQLite database
/// or damaged, or its PostgreSQL server cannot be reached. The message names the ledger and the
/// cause; nothing was charged or released.
/// </summary>
public sealed class LedgerUnavailableException : SanitasException
{
    /// <summary>Creates the exception.</summary>
    public LedgerUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LedgerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LedgerUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a ledger and the cause in words.</summary>
    /// <param name="location">The ledger, as <see cref="BudgetLedger.Location"/> describes it.</param>
    /// <param name="cause">What is wrong.</param>
    /// <param name="innerException">The database's own error.</param>
    public LedgerUnavailableException(string location, string cause, Exception? innerException)
        : base($"The budget ledger {location} cannot be used: {cause} Nothing was charged or released.", new ErrorPlace(Source: location), innerException) => Location = location;

    /// <summary>The ledger, as <see cref="BudgetLedger.Location"/> describes it.</summary>
    public string? Location { get; }
}
