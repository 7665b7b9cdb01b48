using System.Globalization;
using System.Text;

namespace Sanitas.Query;

/// <summary>
/// Splits DP SQL into tokens: names (reserved words are case-insensitive), "quoted names", '...' strings,
/// numbers, operators; skips white space, <c>-- line</c> and <c>/* block */</c> comments. Lines break at
/// \n, \r\n or \r.
/// </summary>
internal sealed class SqlLexer
{
    /// <summary>Words that cannot be used unquoted as names or aliases.</summary>
    internal static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALL", "ALTER", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CREATE", "CROSS", "DELETE",
        "DESC", "DISTINCT", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FROM",
        "FULL", "GROUP", "HAVING", "IN", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "LEFT", "LIKE",
        "LIMIT", "MERGE", "NATURAL", "NOT", "NULL", "OFFSET", "ON", "OR", "ORDER", "OUTER", "OVER", "RIGHT",
        "SELECT", "THEN", "TRUE", "TRUNCATE", "UNION", "UPDATE", "USING", "VALUES", "WHEN", "WHERE", "WINDOW",
        "WITH",
    };

    private readonly string _sql;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private SqlLexer(string sql) => _sql = sql;

    /// <summary>The tokens of <paramref name="sql"/>, ending with one <see cref="SqlTokenKind.End"/> token.</summary>
    /// <exception cref="SqlSyntaxException">An unterminated string, quoted name or comment, a bad number or an unexpected character.</exception>
    public static List<SqlToken> Tokenize(string sql)
    {
        var lexer = new SqlLexer(sql);
        var tokens = new List<SqlToken>();
        while (true)
        {
            var token = lexer.Next();
            tokens.Add(token);
            if (token.Kind == SqlTokenKind.End)
            {
                return tokens;
            }
        }
    }

    private SourceSpan SpanFrom(int start, int line, int lineStart) => new(start, line, start - lineStart + 1, _pos - start);

    private SqlSyntaxException Error(string detail, int start, int line, int lineStart, int length) =>
        new(detail, new SourceSpan(start, line, start - lineStart + 1, length), _sql);

    private char Peek(int ahead = 0) => _pos + ahead < _sql.Length ? _sql[_pos + ahead] : '\0';

    private void Advance()
    {
        var c = _sql[_pos++];
        if (c == '\n' || (c == '\r' && Peek() != '\n'))
        {
            _line++;
            _lineStart = _pos;
        }
    }

    private SqlToken Next()
    {
        SkipTrivia();
        var start = _pos;
        var line = _line;
        var lineStart = _lineStart;
        if (_pos >= _sql.Length)
        {
            return new SqlToken(SqlTokenKind.End, string.Empty, SpanFrom(start, line, lineStart));
        }

        var c = Peek();
        if (char.IsLetter(c) || c == '_')
        {
            while (_pos < _sql.Length && (char.IsLetterOrDigit(Peek()) || Peek() is '_' or '$'))
            {
                Advance();
            }

            var word = _sql[start.._pos];
            return ReservedWords.Contains(word)
                ? new SqlToken(SqlTokenKind.Keyword, word.ToUpperInvariant(), SpanFrom(start, line, lineStart))
                : new SqlToken(SqlTokenKind.Identifier, word, SpanFrom(start, line, lineStart));
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return Number(start, line, lineStart);
        }

        if (c == '\'')
        {
            var value = Quoted('\'', start, line, lineStart, "unterminated string literal");
            return new SqlToken(SqlTokenKind.String, value, SpanFrom(start, line, lineStart));
        }

        if (c == '"')
        {
            var name = Quoted('"', start, line, lineStart, "unterminated quoted identifier");
            if (name.Length == 0)
            {
                throw Error("empty quoted identifier \"\"", start, line, lineStart, 2);
            }

            return new SqlToken(SqlTokenKind.QuotedIdentifier, name, SpanFrom(start, line, lineStart));
        }

        var two = _pos + 1 < _sql.Length ? _sql.Substring(_pos, 2) : string.Empty;
        if (two is "<>" or "!=" or "<=" or ">=" or "||")
        {
            Advance();
            Advance();
            return new SqlToken(SqlTokenKind.Symbol, two, SpanFrom(start, line, lineStart));
        }

        if ("=<>+-*/%(),.;".Contains(c, StringComparison.Ordinal))
        {
            Advance();
            return new SqlToken(SqlTokenKind.Symbol, c.ToString(), SpanFrom(start, line, lineStart));
        }

        var shown = char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
        throw Error($"unexpected character '{shown}'", start, line, lineStart, 1);
    }

    private void SkipTrivia()
    {
        while (_pos < _sql.Length)
        {
            var c = Peek();
            if (char.IsWhiteSpace(c))
            {
                Advance();
            }
            else if (c == '-' && Peek(1) == '-')
            {
                while (_pos < _sql.Length && Peek() is not ('\n' or '\r'))
                {
                    Advance();
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var start = _pos;
                var line = _line;
                var lineStart = _lineStart;
                Advance();
                Advance();
                while (!(Peek() == '*' && Peek(1) == '/'))
                {
                    if (_pos >= _sql.Length)
                    {
                        throw Error("unterminated comment: '/*' has no closing '*/'", start, line, lineStart, 2);
                    }

                    Advance();
                }

                Advance();
                Advance();
            }
            else
            {
                return;
            }
        }
    }

    private SqlToken Number(int start, int line, int lineStart)
    {
        var isDecimal = false;
        while (char.IsAsciiDigit(Peek()))
        {
            Advance();
        }

        if (Peek() == '.')
        {
            isDecimal = true;
            Advance();
            while (char.IsAsciiDigit(Peek()))
            {
                Advance();
            }
        }

        if (Peek() is 'e' or 'E' && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
        {
            isDecimal = true;
            Advance();
            if (Peek() is '+' or '-')
            {
                Advance();
            }

            while (char.IsAsciiDigit(Peek()))
            {
                Advance();
            }
        }

        if (char.IsLetter(Peek()) || Peek() is '_' or '.')
        {
            while (char.IsLetterOrDigit(Peek()) || Peek() is '_' or '.')
            {
                Advance();
            }

            throw Error($"invalid number '{_sql[start.._pos]}'", start, line, lineStart, _pos - start);
        }

        var text = _sql[start.._pos];
        if (isDecimal)
        {
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw Error($"number '{text}' is out of range", start, line, lineStart, _pos - start);
            }

            return new SqlToken(SqlTokenKind.Decimal, text, SpanFrom(start, line, lineStart));
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw Error($"integer '{text}' is out of range (at most {long.MaxValue})", start, line, lineStart, _pos - start);
        }

        return new SqlToken(SqlTokenKind.Integer, text, SpanFrom(start, line, lineStart));
    }

    private string Quoted(char quote, int start, int line, int lineStart, string unterminated)
    {
        var value = new StringBuilder();
        Advance();
        while (true)
        {
            if (_pos >= _sql.Length)
            {
                throw Error(unterminated, start, line, lineStart, 1);
            }

            var c = Peek();
            Advance();
            if (c == quote)
            {
                if (Peek() != quote)
                {
                    return value.ToString();
                }

                Advance();
            }

            value.Append(c);
        }
    }
}
