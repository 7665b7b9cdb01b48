using System.Text;

namespace Sanitas.Tests.Faults;

/// <summary>
/// A seeded generator of malformed inputs (SharpFuzz is not available): byte- and token-level
/// mutations of a valid CSV, YAML, hierarchy, SQL or model file, biased towards the characters and
/// values that parsers get wrong (quotes, delimiters, brackets, tabs, invalid UTF-8, huge and
/// non-finite numbers, deep nesting, truncation).
/// </summary>
internal sealed class MalformedInputs(int seed)
{
    private static readonly string[] Specials =
        ["\"", "'", ",", ";", "\t", "\n", "\r\n", "\r", "[", "]", "{", "}", ":", "- ", "#", "&a", "*a", "!", "|", ">", "\\", "\0", "\u00A0", "\uFEFF", "𝄞", "\u001b[31m"];

    private static readonly string[] Numbers =
        ["1e308", "-1e308", "1e999", "-1e999", "NaN", ".nan", "Infinity", ".inf", "-0", "0", "5e-324", "1,5", "0x10", "99999999999999999999", "-1", "1.5.5", ""];

    private static readonly string[] SqlTokens =
        ["SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "JOIN", "ON", "(", ")", ",", "*", "+", "-", "/", "%", "||", "=", "<>", "AND", "OR", "NOT",
         "NULL", "'x'", "'", "\"", "--", "/*", "1e308", "-9223372036854775808", "COUNT(*)", "SUM(", "AVG(Age)", "CASE WHEN", "END", "IN (1, 2)", "LIKE '%'",
         "BETWEEN 1 AND", "CAST(", "AS", ";", "DROP TABLE Patients", "UNION", "WITH", "\u0000", "𝄞", "LIMIT -1", "OVER ("];

    private readonly Random _random = new(seed);

    /// <summary>A mutation of <paramref name="text"/> as bytes (it may stop being UTF-8).</summary>
    public byte[] Bytes(string text)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(text));
        var edits = 1 + _random.Next(4);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
            switch (_random.Next(9))
            {
                case 0:
                    if (bytes.Count > 0)
                    {
                        bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(20)));
                    }
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Pick(Specials)));
                    break;
                case 2:
                    bytes.Insert(at, (byte)_random.Next(256));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.InsertRange(at, [0xC3, 0x28]);
                    break;
                case 5:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Pick(Numbers)));
                    break;
                case 6:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(new string(_random.Next(2) == 0 ? '[' : '{', 100 + _random.Next(2000))));
                    break;
                case 7:
                    var line = LineAt(bytes, at);
                    bytes.InsertRange(at, line);
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(new string('x', 1 + _random.Next(70_000))));
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>A mutation of a YAML or JSON text that keeps its shape but swaps scalars for hostile numbers and values.</summary>
    public string Values(string text)
    {
        var builder = new StringBuilder(text);
        var edits = 1 + _random.Next(3);
        for (var e = 0; e < edits; e++)
        {
            var digits = Enumerable.Range(0, builder.Length).Where(i => char.IsDigit(builder[i]) && (i == 0 || !char.IsLetterOrDigit(builder[i - 1]))).ToList();
            if (digits.Count == 0)
            {
                break;
            }
            var start = digits[_random.Next(digits.Count)];
            var end = start;
            while (end < builder.Length && (char.IsDigit(builder[end]) || builder[end] is '.' or 'e' or 'E' or '-' or '+'))
            {
                end++;
            }
            var replacement = _random.Next(4) == 0 ? Pick(["null", "\"text\"", "[]", "{}", "true"]) : Pick(Numbers);
            builder.Remove(start, end - start).Insert(start, replacement);
        }
        return builder.ToString();
    }

    /// <summary>A mutation of SQL text at the token level.</summary>
    public string Sql(string sql)
    {
        var tokens = sql.Split(' ').ToList();
        var edits = 1 + _random.Next(4);
        for (var e = 0; e < edits; e++)
        {
            var at = _random.Next(tokens.Count + 1);
            switch (_random.Next(4))
            {
                case 0 when tokens.Count > 1:
                    tokens.RemoveAt(Math.Min(at, tokens.Count - 1));
                    break;
                case 1:
                    tokens.Insert(at, Pick(SqlTokens));
                    break;
                case 2:
                    tokens.Insert(at, string.Concat(Enumerable.Repeat(Pick(["(", "-", "NOT ", "+1", " OR 1=1"]), 50 + _random.Next(3000))));
                    break;
                default:
                    tokens.Insert(at, Pick(Numbers));
                    break;
            }
        }
        return string.Join(' ', tokens);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<byte> LineAt(List<byte> bytes, int at)
    {
        var start = at;
        while (start > 0 && bytes[start - 1] != '\n')
        {
            start--;
        }
        var end = at;
        while (end < bytes.Count && bytes[end] != '\n')
        {
            end++;
        }
        return bytes.GetRange(start, Math.Min(bytes.Count, end + 1) - start);
    }
}
