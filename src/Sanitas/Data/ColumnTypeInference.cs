using System.Globalization;

namespace Sanitas.Data;

/// <summary>
/// Infers a column's type from its values: <see cref="ColumnType.Integer"/> if every value is a
/// 64-bit whole number, else <see cref="ColumnType.Decimal"/> if every value is a finite number,
/// else <see cref="ColumnType.Date"/> if every value is a date in one of the given formats, else
/// <see cref="ColumnType.Text"/>. Numbers use the invariant culture ('.' as decimal separator,
/// no thousands separators). Missing values are ignored; a column without values is text.
/// </summary>
public static class ColumnTypeInference
{
    private static readonly string[] IsoOnly = [CsvOptions.IsoDateFormat];

    /// <summary>Infers the type of a column from its values (missing values are <see langword="null"/> or empty).</summary>
    /// <param name="values">The values; each distinct value needs to be given only once.</param>
    /// <param name="dateFormats">Date formats; <see langword="null"/> means ISO <c>yyyy-MM-dd</c>.</param>
    public static ColumnType Infer(IEnumerable<string?> values, IReadOnlyList<string>? dateFormats = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var candidates = new Candidates(Formats(dateFormats));
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                candidates.Observe(value);
            }
        }
        return candidates.Result;
    }

    /// <summary>Whether a value can be read as the given type (any value is <see cref="ColumnType.Text"/>).</summary>
    /// <param name="value">The value.</param>
    /// <param name="type">The type to test.</param>
    /// <param name="dateFormats">Date formats; <see langword="null"/> means ISO <c>yyyy-MM-dd</c>.</param>
    public static bool Satisfies(ReadOnlySpan<char> value, ColumnType type, IReadOnlyList<string>? dateFormats = null) =>
        Satisfies(value, type, Formats(dateFormats));

    internal static bool Satisfies(ReadOnlySpan<char> value, ColumnType type, string[] dateFormats) => type switch
    {
        ColumnType.Integer => TryParseInteger(value, out _),
        ColumnType.Decimal => TryParseDecimal(value, out _),
        ColumnType.Date => TryParseDate(value, dateFormats, out _),
        _ => true,
    };

    internal static string[] Formats(IReadOnlyList<string>? dateFormats) =>
        dateFormats is null ? IsoOnly : dateFormats as string[] ?? [.. dateFormats];

    internal static bool TryParseInteger(ReadOnlySpan<char> value, out long result) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out result);

    internal static bool TryParseDecimal(ReadOnlySpan<char> value, out double result) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result) && double.IsFinite(result);

    internal static bool TryParseDate(ReadOnlySpan<char> value, string[] formats, out DateOnly result) =>
        DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out result);

    internal static string Describe(ColumnType type, string[] dateFormats) => type switch
    {
        ColumnType.Integer => "a whole number",
        ColumnType.Decimal => "a number",
        ColumnType.Date => $"a date ({string.Join(" or ", dateFormats)})",
        _ => "text",
    };

    /// <summary>The types still possible after the values seen so far; fed one distinct value at a time.</summary>
    internal struct Candidates(string[] dateFormats)
    {
        private bool _seen;
        private bool _integer = true;
        private bool _decimal = true;
        private bool _date = true;

        public readonly ColumnType Result =>
            !_seen ? ColumnType.Text
            : _integer ? ColumnType.Integer
            : _decimal ? ColumnType.Decimal
            : _date ? ColumnType.Date
            : ColumnType.Text;

        public void Observe(ReadOnlySpan<char> value)
        {
            _seen = true;
            _integer = _integer && TryParseInteger(value, out _);
            _decimal = _decimal && (_integer || TryParseDecimal(value, out _));
            _date = _date && TryParseDate(value, dateFormats, out _);
        }
    }
}
