namespace Sanitas.Anonymization;

/// <summary>An anonymization that cannot be carried out: invalid configuration, or no transformation satisfies the models.</summary>
public sealed class AnonymizationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AnonymizationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AnonymizationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public AnonymizationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
