namespace Sanitas.Query;

/// <summary>A token with its position in the source.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Text">Keyword in upper case, identifier or string value, number or symbol text.</param>
/// <param name="Span">Where the token was written (quotes included).</param>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, SourceSpan Span)
{
    /// <summary>True for the reserved word <paramref name="keyword"/> (given in upper case).</summary>
    public bool IsKeyword(string keyword) => Kind == SqlTokenKind.Keyword && Text == keyword;

    /// <summary>True for the symbol <paramref name="symbol"/>.</summary>
    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    /// <summary>True for an identifier, quoted or not.</summary>
    public bool IsName => Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier;

    /// <summary>The token as shown in error messages: <c>'GROUP'</c>, <c>string 'male'</c>, <c>end of input</c>.</summary>
    public string Describe(string sql) => Kind switch
    {
        SqlTokenKind.End => "end of input",
        SqlTokenKind.String => "string " + sql.Substring(Span.Offset, Span.Length),
        _ => "'" + sql.Substring(Span.Offset, Span.Length) + "'",
    };
}
