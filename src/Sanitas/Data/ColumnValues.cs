namespace Sanitas.Data;

/// <summary>
/// Typed views of a column's values, one entry per row, for numeric work such as
/// differential-privacy aggregates. Each distinct value is parsed once.
/// </summary>
public static class ColumnValues
{
    /// <summary>The values of an <see cref="ColumnType.Integer"/> or <see cref="ColumnType.Decimal"/> column as doubles; <see cref="double.NaN"/> where missing.</summary>
    /// <exception cref="ArgumentException">The column is not numeric.</exception>
    /// <exception cref="SanitasDataException">A value is not a number.</exception>
    public static double[] ToDoubles(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Type is not (ColumnType.Integer or ColumnType.Decimal))
        {
            throw new ArgumentException($"Column '{column.Name}' is {column.Type}, not Integer or Decimal.", nameof(column));
        }
        var dictionary = column.Dictionary;
        var parsed = new double[dictionary.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            parsed[i] = dictionary[i] switch
            {
                null => double.NaN,
                var v when column.Type == ColumnType.Integer && ColumnTypeInference.TryParseInteger(v, out var l) => l,
                var v when ColumnTypeInference.TryParseDecimal(v, out var d) => d,
                var v => throw new SanitasDataException($"Column '{column.Name}' is {column.Type}, but '{v}' is not a number."),
            };
        }
        return Decode(column, parsed);
    }

    /// <summary>The values of a <see cref="ColumnType.Date"/> column; <see langword="null"/> where missing.</summary>
    /// <param name="column">The column.</param>
    /// <param name="dateFormats">The formats the dates were read with; <see langword="null"/> means ISO <c>yyyy-MM-dd</c>.</param>
    /// <exception cref="ArgumentException">The column is not a date column.</exception>
    /// <exception cref="SanitasDataException">A value is not a date in the given formats.</exception>
    public static DateOnly?[] ToDates(Column column, IReadOnlyList<string>? dateFormats = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Type != ColumnType.Date)
        {
            throw new ArgumentException($"Column '{column.Name}' is {column.Type}, not Date.", nameof(column));
        }
        var formats = ColumnTypeInference.Formats(dateFormats);
        var dictionary = column.Dictionary;
        var parsed = new DateOnly?[dictionary.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            parsed[i] = dictionary[i] switch
            {
                null => null,
                var v when ColumnTypeInference.TryParseDate(v, formats, out var d) => d,
                var v => throw new SanitasDataException($"Column '{column.Name}' is Date, but '{v}' is not a date ({string.Join(" or ", formats)})."),
            };
        }
        return Decode(column, parsed);
    }

    private static T[] Decode<T>(Column column, T[] parsed)
    {
        var codes = column.Codes;
        var values = new T[codes.Length];
        for (var row = 0; row < codes.Length; row++)
        {
            values[row] = parsed[codes[row]];
        }
        return values;
    }
}
