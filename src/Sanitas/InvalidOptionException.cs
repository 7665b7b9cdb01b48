namespace Sanitas;

/// <summary>
/// An option given to a Sanitas operation is out of its range or does not fit the input, such as a
/// negative <c>maxRowsPerUnit</c> or a quasi-identifier the table lacks. The message names options
/// in the library's own terms, quoted with backticks (<c>`epsilon` must be positive</c>), so that a
/// front end can put its own words for them (the command line writes <c>--epsilon</c>).
/// </summary>
public sealed class InvalidOptionException : SanitasException
{
    /// <summary>Creates an exception without a message.</summary>
    public InvalidOptionException()
    {
        Option = "";
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public InvalidOptionException(string message)
        : base(message)
    {
        Option = "";
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidOptionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Option = "";
    }

    /// <summary>Creates an exception about one option.</summary>
    /// <param name="option">The option, as the library names it (such as <c>quasiIdentifiers</c>).</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InvalidOptionException(string option, string message, Exception? innerException)
        : base(message, new ErrorPlace(Key: option), innerException)
    {
        Option = option;
    }

    /// <summary>The option that is wrong, as the library names it; empty when not one option.</summary>
    public string Option { get; }

    /// <summary>Creates an exception about <paramref name="option"/>.</summary>
    internal static InvalidOptionException Of(string option, string message) => new(option, message, null);
}
