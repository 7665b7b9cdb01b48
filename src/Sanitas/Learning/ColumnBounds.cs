using System.Globalization;

namespace Sanitas.Learning;

/// <summary>
/// The declared domain of one column used in training: a numeric range [<see cref="Min"/>,
/// <see cref="Max"/>] (values are clamped to it) or a closed set of categories (one-hot encoded).
/// Declared by the data steward from the protocol, never read from the data.
/// </summary>
/// <param name="Column">The column name.</param>
/// <param name="Min">The lower bound of a numeric column.</param>
/// <param name="Max">The upper bound of a numeric column.</param>
/// <param name="Categories">The categories of a categorical column, in declared order (the first is the reference level).</param>
public sealed record ColumnBounds(string Column, double Min, double Max, IReadOnlyList<string>? Categories)
{
    /// <summary>Whether the column is categorical.</summary>
    public bool IsCategorical => Categories is not null;

    /// <summary>
    /// The declared public value that replaces a missing one under <see cref="MissingValuePolicy.ImputePublic"/>
    /// (a number in the range, or one of the categories); null: the middle of the range or the first category.
    /// </summary>
    public string? Missing { get; init; }

    /// <summary>The value a missing one becomes under <see cref="MissingValuePolicy.ImputePublic"/>: <see cref="Missing"/>, else the middle of the range or the first category.</summary>
    public string PublicImputation => Missing
        ?? (Categories is { } categories ? categories[0] : ((Min + Max) / 2).ToString("R", CultureInfo.InvariantCulture));

    /// <summary>A numeric range.</summary>
    public static ColumnBounds Numeric(string column, double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
        {
            throw new InvalidOptionException(string.Create(CultureInfo.InvariantCulture, $"Bounds of '{column}' must be finite with min < max, got [{min}, {max}]."));
        }
        return new ColumnBounds(column, min, max, null);
    }

    /// <summary>A set of categories (at least two, distinct).</summary>
    public static ColumnBounds Categorical(string column, IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (categories.Count < 2 || categories.Distinct(StringComparer.Ordinal).Count() != categories.Count)
        {
            throw new InvalidOptionException($"Categories of '{column}' must be at least two distinct values, got [{string.Join(", ", categories)}].");
        }
        return new ColumnBounds(column, double.NaN, double.NaN, categories);
    }

    /// <inheritdoc />
    public bool Equals(ColumnBounds? other) =>
        other is not null && Column == other.Column && Min.Equals(other.Min) && Max.Equals(other.Max) && Missing == other.Missing
        && (Categories is null ? other.Categories is null : other.Categories is not null && Categories.SequenceEqual(other.Categories));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Column, Min, Max, Categories?.Count);
}
