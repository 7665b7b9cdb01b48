using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sanitas.Query;

/// <summary>
/// SQL value semantics for in-memory execution, chosen to agree with SQLite and PostgreSQL on the
/// supported subset: integers stay integers (integer division truncates toward zero), any real
/// operand makes the result real, NULL propagates, comparisons of numbers are by value and of
/// text ordinal (byte order, as PostgreSQL's "C" collation), LIKE is case-sensitive.
/// </summary>
internal static class SqlValues
{
    public static bool IsNumber(object? v) => v is long or double;

    public static double ToDouble(object v) => v switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new InvalidCastException($"'{v}' is not a number."),
    };

    /// <summary>Three-valued truth: true, false, or null (unknown).</summary>
    public static bool? Truth(object? v) => v switch
    {
        null => null,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        _ => throw new InvalidCastException($"'{v}' is not a truth value."),
    };

    public static int Compare(object a, object b)
    {
        if (a is long la && b is long lb)
        {
            return la.CompareTo(lb);
        }
        if (IsNumber(a) && IsNumber(b))
        {
            return ToDouble(a).CompareTo(ToDouble(b));
        }
        if (a is string sa && b is string sb)
        {
            return string.CompareOrdinal(sa, sb);
        }
        if (a is bool ba && b is bool bb)
        {
            return ba.CompareTo(bb);
        }
        throw new InvalidCastException($"cannot compare {Describe(a)} with {Describe(b)}.");
    }

    public static object? Arithmetic(BinaryOperator op, object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }
        if (op == BinaryOperator.Concat)
        {
            return Text(a) + Text(b);
        }
        if (!IsNumber(a) || !IsNumber(b))
        {
            throw new InvalidCastException($"arithmetic needs numbers, got {Describe(a)} and {Describe(b)}.");
        }
        if (a is long x && b is long y)
        {
            return op switch
            {
                BinaryOperator.Add => x + y,
                BinaryOperator.Subtract => x - y,
                BinaryOperator.Multiply => x * y,
                BinaryOperator.Divide => y == 0 ? null : x / y,
                BinaryOperator.Modulo => y == 0 ? null : x % y,
                _ => throw new InvalidOperationException(op.ToString()),
            };
        }
        var p = ToDouble(a);
        var q = ToDouble(b);
        return op switch
        {
            BinaryOperator.Add => p + q,
            BinaryOperator.Subtract => p - q,
            BinaryOperator.Multiply => p * q,
            BinaryOperator.Divide => q == 0 ? null : p / q,
            BinaryOperator.Modulo => q == 0 ? null : p % q,
            _ => throw new InvalidOperationException(op.ToString()),
        };
    }

    public static string Text(object v) => v switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => v.ToString() ?? "",
    };

    public static string Describe(object? v) => v switch
    {
        null => "NULL",
        string s => $"text '{s}'",
        long l => $"integer {l}",
        double d => $"real {d.ToString(CultureInfo.InvariantCulture)}",
        bool b => b ? "TRUE" : "FALSE",
        _ => v.GetType().Name,
    };

    /// <summary>An integral double becomes a long (FLOOR, CEIL and ROUND return integers when they can).</summary>
    public static object Integral(double d) => d is >= long.MinValue and <= long.MaxValue && Math.Floor(d) == d ? (long)d : d;

    public static Regex LikePattern(string pattern, char? escape)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (escape is { } e && c == e && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '%')
            {
                regex.Append(".*");
            }
            else if (c == '_')
            {
                regex.Append('.');
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}
