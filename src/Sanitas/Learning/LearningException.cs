using Sanitas.Data;

namespace Sanitas.Learning;

/// <summary>
/// Training or prediction cannot proceed: an unknown column, a used column without declared
/// bounds under a DP mechanism, a value outside the declared categories, a model/mechanism pair
/// this build does not offer. The message names the place (column, row, option).
/// </summary>
public sealed class LearningException : SanitasDataException
{
    /// <summary>Creates an exception with a default message.</summary>
    public LearningException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public LearningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public LearningException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
