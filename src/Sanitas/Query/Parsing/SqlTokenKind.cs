namespace Sanitas.Query;

/// <summary>Kinds of DP SQL tokens.</summary>
internal enum SqlTokenKind
{
    /// <summary>An unquoted name that is not a reserved word; <see cref="SqlToken.Text"/> is as written.</summary>
    Identifier,

    /// <summary>A "double-quoted" name; <see cref="SqlToken.Text"/> is the name with "" resolved.</summary>
    QuotedIdentifier,

    /// <summary>A reserved word; <see cref="SqlToken.Text"/> is in upper case.</summary>
    Keyword,

    /// <summary>Digits only.</summary>
    Integer,

    /// <summary>A number with a decimal point or exponent.</summary>
    Decimal,

    /// <summary>A '...' literal; <see cref="SqlToken.Text"/> is the value with '' resolved.</summary>
    String,

    /// <summary>An operator or punctuation: = &lt;&gt; != &lt; &lt;= &gt; &gt;= + - * / % || ( ) , . ;</summary>
    Symbol,

    /// <summary>End of input.</summary>
    End,
}
