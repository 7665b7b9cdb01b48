namespace Sanitas.Data;

/// <summary>
/// The base of errors about input data: malformed files, values that do not fit their
/// declared type, columns that do not exist. The message names the place.
/// </summary>
public class SanitasDataException : SanitasException
{
    /// <summary>Creates an exception with a default message.</summary>
    public SanitasDataException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public SanitasDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public SanitasDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
