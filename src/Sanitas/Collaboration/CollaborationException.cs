namespace Sanitas.Collaboration;

/// <summary>A collaboration failed on metadata: a bad consortium file, a key that does not verify, a site that broke the protocol.</summary>
public sealed class CollaborationException : SanitasException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and where (file and key, site and step).</param>
    public CollaborationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="inner">The cause.</param>
    public CollaborationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CollaborationException()
    {
    }
}
