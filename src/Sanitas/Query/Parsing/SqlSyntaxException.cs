namespace Sanitas.Query;

/// <summary>
/// SQL that cannot be read as a DP query: a lexical or syntax error, or a construct DP SQL does not support.
/// <see cref="Exception.Message"/> reads <c>line 1, column 23: expected FROM or ',' after select item, found 'GROUP'</c>;
/// <see cref="Excerpt"/> shows the offending line with a caret under the column.
/// </summary>
public sealed class SqlSyntaxException : SanitasException
{
    /// <summary>Creates the exception without a position.</summary>
    public SqlSyntaxException()
    {
        Detail = string.Empty;
        Excerpt = string.Empty;
    }

    /// <summary>Creates the exception with a message and no position.</summary>
    public SqlSyntaxException(string message)
        : base(message)
    {
        Detail = message;
        Excerpt = string.Empty;
    }

    /// <summary>Creates the exception with a message, no position, and a cause.</summary>
    public SqlSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Detail = message;
        Excerpt = string.Empty;
    }

    /// <summary>Creates the exception for <paramref name="detail"/> at <paramref name="span"/> of <paramref name="sql"/>.</summary>
    /// <param name="detail">What is wrong, without the position.</param>
    /// <param name="span">Where; its start is reported.</param>
    /// <param name="sql">The whole SQL text, for the excerpt.</param>
    public SqlSyntaxException(string detail, SourceSpan span, string sql)
        : base($"{span}: {detail}", new ErrorPlace(Line: span.Line, Column: span.Column, Offset: span.Offset))
    {
        ArgumentNullException.ThrowIfNull(sql);
        Detail = detail;
        Offset = span.Offset;
        Line = span.Line;
        Column = span.Column;
        Length = span.Length;
        Excerpt = BuildExcerpt(sql, span);
    }

    /// <summary>What is wrong, without the position prefix.</summary>
    public string Detail { get; }

    /// <summary>0-based character offset of the error.</summary>
    public int Offset { get; }

    /// <summary>1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>1-based column of the error.</summary>
    public int Column { get; }

    /// <summary>Length of the offending token (0 at the end of input).</summary>
    public int Length { get; }

    /// <summary>
    /// The SQL line holding the error, and below it a caret under the column (tabs in the line are repeated
    /// so the caret lines up); empty when there is no position.
    /// </summary>
    public string Excerpt { get; }

    /// <summary>The message followed by the excerpt, for printing to a terminal.</summary>
    public string MessageWithExcerpt => Excerpt.Length == 0 ? Message : Message + "\n" + Excerpt;

    private const int ExcerptRadius = 60;

    private static string BuildExcerpt(string sql, SourceSpan span)
    {
        var lineStart = Math.Clamp(span.Offset - (span.Column - 1), 0, sql.Length);
        var lineEnd = lineStart;
        while (lineEnd < sql.Length && sql[lineEnd] is not ('\n' or '\r'))
        {
            lineEnd++;
        }

        var line = sql[lineStart..lineEnd];
        var column = span.Column;
        if (line.Length > 2 * ExcerptRadius)
        {
            // A very long line (a generated query): show the window around the place, not the whole line.
            var from = Math.Clamp(column - 1 - ExcerptRadius, 0, line.Length);
            var to = Math.Min(line.Length, column - 1 + ExcerptRadius);
            var prefix = from > 0 ? "…" : "";
            line = prefix + line[from..to] + (to < line.Length ? "…" : "");
            column = column - from + prefix.Length;
        }
        var caret = new System.Text.StringBuilder();
        for (var i = 0; i < column - 1; i++)
        {
            caret.Append(i < line.Length && line[i] == '\t' ? '\t' : ' ');
        }

        caret.Append('^');
        return line + "\n" + caret;
    }
}
