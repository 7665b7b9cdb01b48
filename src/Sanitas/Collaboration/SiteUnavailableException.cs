namespace Sanitas.Collaboration;

/// <summary>A centre did not answer in time after the bounded retries: a dropout, not an error of the protocol.</summary>
public sealed class SiteUnavailableException : SanitasException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="site">The centre.</param>
    /// <param name="message">Why.</param>
    /// <param name="inner">The last failure.</param>
    public SiteUnavailableException(string site, string message, Exception? inner = null)
        : base(message, inner)
    {
        Site = site;
    }

    /// <summary>Creates the exception.</summary>
    public SiteUnavailableException()
    {
        Site = "";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    public SiteUnavailableException(string message)
        : base(message)
    {
        Site = "";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="inner">The cause.</param>
    public SiteUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
        Site = "";
    }

    /// <summary>The centre that dropped out.</summary>
    public string Site { get; }
}
