using Sanitas.Query;

namespace Sanitas.Tests.Query.Parsing;

/// <summary>Tokens, their kinds and their positions.</summary>
public class SqlLexerTests
{
    [Fact]
    public void Tokens_carry_offset_line_and_column()
    {
        var tokens = SqlLexer.Tokenize("select \"Age\"\n  , 'a''b' -- x\n/* y */ 1.5 <= .5 <> != || %");
        Assert.Equal(
            [
                (SqlTokenKind.Keyword, "SELECT", 0, 1, 1, 6),
                (SqlTokenKind.QuotedIdentifier, "Age", 7, 1, 8, 5),
                (SqlTokenKind.Symbol, ",", 15, 2, 3, 1),
                (SqlTokenKind.String, "a'b", 17, 2, 5, 6),
                (SqlTokenKind.Decimal, "1.5", 37, 3, 9, 3),
                (SqlTokenKind.Symbol, "<=", 41, 3, 13, 2),
                (SqlTokenKind.Decimal, ".5", 44, 3, 16, 2),
                (SqlTokenKind.Symbol, "<>", 47, 3, 19, 2),
                (SqlTokenKind.Symbol, "!=", 50, 3, 22, 2),
                (SqlTokenKind.Symbol, "||", 53, 3, 25, 2),
                (SqlTokenKind.Symbol, "%", 56, 3, 28, 1),
                (SqlTokenKind.End, string.Empty, 57, 3, 29, 0),
            ],
            tokens.Select(t => (t.Kind, t.Text, t.Span.Offset, t.Span.Line, t.Span.Column, t.Span.Length)).ToArray());
    }

    [Theory]
    [InlineData("from", "Keyword", "FROM")]
    [InlineData("Patients", "Identifier", "Patients")]
    [InlineData("COUNT", "Identifier", "COUNT")]
    [InlineData("\"from\"", "QuotedIdentifier", "from")]
    [InlineData("_x$1", "Identifier", "_x$1")]
    [InlineData("42", "Integer", "42")]
    [InlineData("4e-2", "Decimal", "4e-2")]
    public void Kinds(string text, string kind, string value)
    {
        var token = SqlLexer.Tokenize(text)[0];
        Assert.Equal((kind, value), (token.Kind.ToString(), token.Text));
    }
}
