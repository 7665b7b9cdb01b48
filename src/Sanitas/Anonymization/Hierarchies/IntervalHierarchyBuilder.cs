using System.Globalization;

namespace Sanitas.Anonymization;

/// <summary>
/// Builds a hierarchy for numeric values from nested intervals: level 1 groups values into
/// intervals of the first width, level 2 of the second width, and so on, followed by <c>*</c>.
/// </summary>
/// <remarks>
/// <para>
/// Intervals are half-open and aligned at <see cref="Origin"/>: a value <c>v</c> falls into
/// <c>[o + k·w, o + (k+1)·w[</c> with <c>k = ⌊(v − o) / w⌋</c>, labelled ARX-style as
/// <c>[20, 25[</c> (invariant culture, no trailing zeros). Each width must be a multiple of the
/// one before (and larger), so every interval lies inside one interval of the next level.
/// </para>
/// <para>
/// With <see cref="Bottom"/> set, values below it are put into the bin <c>&lt;bottom</c> at every
/// level below the top; with <see cref="Top"/> set, values at or above it go to <c>&gt;=top</c>.
/// The bounds need not lie on the interval grid; an interval then reaches beyond the bound but
/// holds only values inside it.
/// </para>
/// <para>
/// Values are parsed as decimals (invariant culture, sign, decimal point and exponent allowed);
/// level 0 keeps each value as written. A missing value (<see langword="null"/> or <c>""</c>) gets
/// the row <c>""</c>, …, <c>""</c>, <c>*</c>.
/// </para>
/// </remarks>
public sealed class IntervalHierarchyBuilder
{
    private readonly decimal[] _widths;

    /// <summary>Creates a builder with one interval width per level, smallest first.</summary>
    /// <exception cref="ArgumentException">A width is not positive, or not a larger multiple of the one before.</exception>
    public IntervalHierarchyBuilder(IEnumerable<decimal> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        _widths = [.. widths];
        for (var i = 0; i < _widths.Length; i++)
        {
            if (_widths[i] <= 0)
            {
                throw new InvalidOptionException("widths", $"Interval width {Format(_widths[i])} (level {i + 1}) must be positive.", null);
            }
            if (i > 0 && (_widths[i] <= _widths[i - 1] || _widths[i] % _widths[i - 1] != 0))
            {
                throw new InvalidOptionException("widths",
                    $"Interval widths must grow by whole multiples so that the levels nest: {Format(_widths[i])} (level {i + 1}) " +
                    $"is not a larger multiple of {Format(_widths[i - 1])} (level {i}).", null);
            }
        }
    }

    /// <summary>The interval width of each level from level 1 on.</summary>
    public IReadOnlyList<decimal> Widths => Array.AsReadOnly(_widths);

    /// <summary>The point at which intervals are aligned (default 0).</summary>
    public decimal Origin { get; init; }

    /// <summary>Values below this bound are binned as <c>&lt;bottom</c>; <see langword="null"/> for no bound.</summary>
    public decimal? Bottom { get; init; }

    /// <summary>Values at or above this bound are binned as <c>&gt;=top</c>; <see langword="null"/> for no bound.</summary>
    public decimal? Top { get; init; }

    /// <summary>Builds a hierarchy with one row per distinct value, in order of first appearance.</summary>
    /// <exception cref="HierarchyException">A value is not a number (the message lists the offending values).</exception>
    /// <exception cref="ArgumentException"><see cref="Bottom"/> is not below <see cref="Top"/>.</exception>
    public Hierarchy Build(IEnumerable<string?> values)
    {
        if (Bottom is { } b && Top is { } t && b >= t)
        {
            throw new InvalidOptionException($"Bottom ({Format(b)}) must be below Top ({Format(t)}).");
        }
        var (distinct, hasMissing) = HierarchyBuilding.Distinct(values);
        var levelCount = _widths.Length + 2;
        var rows = new List<string[]>(distinct.Count + 1);
        var invalid = new List<string>();
        foreach (var value in distinct)
        {
            if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                invalid.Add(value);
                continue;
            }
            var row = new string[levelCount];
            row[0] = value;
            for (var l = 1; l <= _widths.Length; l++)
            {
                row[l] = Label(number, _widths[l - 1]);
            }
            row[^1] = HierarchyBuilding.Top;
            rows.Add(row);
        }
        if (invalid.Count > 0)
        {
            var noun = invalid.Count == 1 ? "value is" : "values are";
            throw new HierarchyException($"Interval hierarchy: {invalid.Count} {noun} not a number: {HierarchyBuilding.List(invalid)}.");
        }
        if (hasMissing)
        {
            rows.Add(HierarchyBuilding.MissingRow(levelCount, HierarchyBuilding.Top));
        }
        return Hierarchy.FromRows(rows, "interval hierarchy");
    }

    private string Label(decimal value, decimal width)
    {
        if (Bottom is { } bottom && value < bottom)
        {
            return "<" + Format(bottom);
        }
        if (Top is { } top && value >= top)
        {
            return ">=" + Format(top);
        }
        var k = Math.Floor((value - Origin) / width);
        // Guard against rounding in the decimal division.
        if (Origin + (k * width) > value)
        {
            k--;
        }
        else if (Origin + ((k + 1) * width) <= value)
        {
            k++;
        }
        var lower = Origin + (k * width);
        return $"[{Format(lower)}, {Format(lower + width)}[";
    }

    private static string Format(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);
}
