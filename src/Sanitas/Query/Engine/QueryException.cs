namespace Sanitas.Query;

/// <summary>
/// A query that parses but cannot run: an unknown table or column, an unsupported construct, a
/// type error, a missing bound. The message names the place in the SQL
/// (<c>line 1, column 23: unknown column 'Agee' …</c>).
/// </summary>
public sealed class QueryException : SanitasException
{
    /// <summary>Creates the exception.</summary>
    public QueryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public QueryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public QueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a place in the SQL.</summary>
    public QueryException(SourceSpan span, string reason)
        : base(span.IsUnknown ? reason : $"{span}: {reason}", span.IsUnknown ? null : new ErrorPlace(Line: span.Line, Column: span.Column, Offset: span.Offset))
    {
        Span = span;
        Reason = reason;
    }

    /// <summary>Where in the SQL the problem is (unknown when <see cref="SourceSpan.IsUnknown"/>).</summary>
    public SourceSpan Span { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Reason { get; } = "";
}
