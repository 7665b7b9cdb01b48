namespace Sanitas.Learning;

/// <summary>
/// How one column enters a model. Numeric: x' = (x − <see cref="Center"/>) / <see cref="Scale"/>,
/// clamped to [−1, 1] when <see cref="Clamp"/> (declared bounds: center and half-width of the
/// range). Categorical: one 0/1 indicator per category after the first (the reference level),
/// as R's treatment contrasts. For a classification target, <see cref="Categories"/> are the
/// classes (the last of two is the positive class).
/// </summary>
/// <param name="Column">The column name.</param>
/// <param name="Center">The numeric center (mean, or the middle of the declared range).</param>
/// <param name="Scale">The numeric scale (standard deviation, or half the declared range).</param>
/// <param name="Clamp">Whether scaled values are clamped to [−1, 1] (declared bounds).</param>
/// <param name="Categories">The categories of a categorical column, else null.</param>
public sealed record EncodedColumn(string Column, double Center, double Scale, bool Clamp, IReadOnlyList<string>? Categories)
{
    /// <summary>Whether the column is categorical.</summary>
    public bool IsCategorical => Categories is not null;

    /// <summary>The number of model inputs the column becomes.</summary>
    public int Width => Categories is null ? 1 : Categories.Count - 1;

    /// <summary>The names of the model inputs: the column, or <c>Column=category</c> per indicator.</summary>
    public IEnumerable<string> InputNames => Categories is null ? [Column] : Categories.Skip(1).Select(c => $"{Column}={c}");

    /// <summary>The scaled value of a numeric input.</summary>
    public double ScaleValue(double x)
    {
        var v = (x - Center) / Scale;
        return Clamp ? Math.Clamp(v, -1, 1) : v;
    }

    /// <summary>The original-unit value of a scaled numeric value.</summary>
    public double Unscale(double v) => Center + (Scale * v);

    /// <inheritdoc />
    public bool Equals(EncodedColumn? other) =>
        other is not null && Column == other.Column && Center.Equals(other.Center) && Scale.Equals(other.Scale) && Clamp == other.Clamp
        && (Categories is null ? other.Categories is null : other.Categories is not null && Categories.SequenceEqual(other.Categories));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Column, Center, Scale, Clamp);
}
