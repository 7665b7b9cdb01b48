using System.Globalization;
using System.Text.RegularExpressions;
using Sanitas.Anonymization;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// Decides whether a released (possibly generalized) value is compatible with a raw value the
/// adversary knows: the raw value could have been published as it. A released value matches
/// when it equals the raw value, is <c>*</c>, is the raw value's generalization at some level of
/// the attribute's hierarchy, is a mask of it (<c>123**</c>: same length, <c>*</c> stands for any
/// character), or is a numeric range that contains it (<c>[20-29]</c>, <c>20-29</c>,
/// <c>[20, 30[</c>, <c>[20;30)</c>, <c>&lt;20</c>, <c>&gt;=90</c>).
/// </summary>
public static partial class GeneralizedValueMatch
{
    /// <summary>The value written for a suppressed or fully generalized cell.</summary>
    public const string Suppressed = "*";

    /// <summary>Whether <paramref name="released"/> is compatible with <paramref name="raw"/>.</summary>
    /// <param name="released">The value in the released table.</param>
    /// <param name="raw">The value the adversary knows.</param>
    /// <param name="hierarchy">The attribute's generalization hierarchy, if known.</param>
    public static bool Matches(string? released, string? raw, Hierarchy? hierarchy = null)
    {
        released ??= "";
        raw ??= "";
        if (string.Equals(released, raw, StringComparison.Ordinal) || released == Suppressed)
        {
            return true;
        }
        if (hierarchy is not null && hierarchy.TryGetRow(raw, out var row))
        {
            for (var level = 1; level < row.Count; level++)
            {
                if (string.Equals(row[level], released, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        if (released.Contains('*', StringComparison.Ordinal) && IsMaskOf(released, raw))
        {
            return true;
        }
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && RangeContains(released, x);
    }

    private static bool IsMaskOf(string mask, string raw)
    {
        if (mask.Length != raw.Length)
        {
            return false;
        }
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] != '*' && mask[i] != raw[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether a range written as <c>[a-b]</c>, <c>a-b</c>, <c>[a, b[</c>, <c>[a;b)</c>, <c>&lt;a</c>, <c>&lt;=a</c>, <c>&gt;a</c> or <c>&gt;=a</c> contains <paramref name="x"/>.</summary>
    internal static bool RangeContains(string range, double x)
    {
        var text = range.Trim();
        var bound = OneSided().Match(text);
        if (bound.Success)
        {
            var limit = double.Parse(bound.Groups["v"].Value, CultureInfo.InvariantCulture);
            return bound.Groups["op"].Value switch
            {
                "<" => x < limit,
                "<=" or "≤" => x <= limit,
                ">" => x > limit,
                _ => x >= limit,
            };
        }
        var interval = Interval().Match(text);
        if (!interval.Success)
        {
            return false;
        }
        var low = double.Parse(interval.Groups["a"].Value, CultureInfo.InvariantCulture);
        var high = double.Parse(interval.Groups["b"].Value, CultureInfo.InvariantCulture);
        var open = interval.Groups["o"].Value;
        var close = interval.Groups["c"].Value;
        var lowOk = open is "(" or "]" ? x > low : x >= low;
        // "[20, 30[" and "[20;30)" exclude the upper end; "[20-29]" and "20-29" include it.
        var highOk = close is ")" or "[" ? x < high : x <= high;
        return lowOk && highOk;
    }

    [GeneratedRegex(@"^(?<op><=|>=|≤|≥|<|>)\s*(?<v>-?\d+(\.\d+)?)$")]
    private static partial Regex OneSided();

    [GeneratedRegex(@"^(?<o>[\[\(\]]?)\s*(?<a>-?\d+(\.\d+)?)\s*(-|,|;|\.\.)\s*(?<b>-?\d+(\.\d+)?)\s*(?<c>[\]\)\[]?)$")]
    private static partial Regex Interval();
}
