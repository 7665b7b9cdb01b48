namespace Sanitas;

/// <summary>
/// The root of the errors Sanitas reports about its input: a file, a configuration, a query, an
/// option, a budget ledger. Anything else (an <see cref="ArgumentException"/> from a public method,
/// an <see cref="InvalidOperationException"/>) is a bug in the caller or in Sanitas, not bad input.
/// </summary>
public class SanitasException : Exception
{
    /// <summary>Creates an exception without a message.</summary>
    public SanitasException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public SanitasException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SanitasException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that says where the error is.</summary>
    /// <param name="message">What is wrong, with the place.</param>
    /// <param name="place">Where the error is, or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SanitasException(string message, ErrorPlace? place, Exception? innerException = null)
        : base(message, innerException)
    {
        Place = place;
    }

    /// <summary>Where the error is (file, line, column, SQL offset or key), when known.</summary>
    public ErrorPlace? Place { get; }
}
