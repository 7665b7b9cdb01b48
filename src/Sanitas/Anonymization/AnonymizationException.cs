namespace Sanitas.Anonymization;

/// <summary>An anonymization that cannot be carried out: invalid configuration, or no transformation satisfies the models.</summary>
public sealed class AnonymizationException : SanitasException
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

    /// <summary>Creates the exception with a message; <paramref name="noSolution"/> marks that the search found no transformation.</summary>
    public AnonymizationException(string message, bool noSolution)
        : base(message)
    {
        IsNoSolution = noSolution;
    }

    /// <summary>
    /// True when the configuration is valid but no transformation satisfies the models within the
    /// suppression limit (the remedy is weaker models, more suppression or coarser hierarchies);
    /// false when the configuration itself does not fit the table.
    /// </summary>
    public bool IsNoSolution { get; }

    /// <summary>Creates the exception with a message and cause.</summary>
    public AnonymizationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
