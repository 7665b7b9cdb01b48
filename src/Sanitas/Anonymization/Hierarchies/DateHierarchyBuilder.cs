using System.Globalization;

namespace Sanitas.Anonymization;

/// <summary>
/// Builds a hierarchy for dates: level 0 is the value as written, then one level per chosen
/// <see cref="DateGranularity"/> (by default month <c>2020-03</c>, year <c>2020</c>, decade
/// <c>2020-2029</c>), then <c>*</c>.
/// </summary>
/// <remarks>
/// Values are parsed with <see cref="Format"/> (default ISO <c>yyyy-MM-dd</c>) in the invariant
/// culture; labels are always ISO-like and culture-independent. A missing value
/// (<see langword="null"/> or <c>""</c>) gets the row <c>""</c>, …, <c>""</c>, <c>*</c>.
/// </remarks>
public sealed class DateHierarchyBuilder
{
    private static readonly DateGranularity[] DefaultLevels = [DateGranularity.Month, DateGranularity.Year, DateGranularity.Decade];

    private readonly DateGranularity[] _levels;

    /// <summary>Creates a builder with the default levels: month, year, decade.</summary>
    public DateHierarchyBuilder()
        : this(DefaultLevels)
    {
    }

    /// <summary>Creates a builder with the given levels, finest first.</summary>
    /// <exception cref="ArgumentException">The levels are not strictly coarser each time, or a week is followed by another level.</exception>
    public DateHierarchyBuilder(IEnumerable<DateGranularity> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        _levels = [.. levels];
        for (var i = 0; i < _levels.Length; i++)
        {
            if (!Enum.IsDefined(_levels[i]))
            {
                throw new InvalidOptionException("levels", $"Unknown date level {(int)_levels[i]}.", null);
            }
            if (i > 0 && _levels[i] <= _levels[i - 1])
            {
                throw new InvalidOptionException("levels", $"Date levels must get coarser: {_levels[i]} cannot follow {_levels[i - 1]}.", null);
            }
            if (i > 0 && _levels[i - 1] == DateGranularity.Week)
            {
                throw new InvalidOptionException("levels", $"Weeks straddle months and years, so {_levels[i]} cannot follow Week; Week must be the last level.", null);
            }
        }
    }

    /// <summary>The levels above level 0, finest first (the top <c>*</c> is not listed).</summary>
    public IReadOnlyList<DateGranularity> Levels => Array.AsReadOnly(_levels);

    /// <summary>The .NET date format of the values (default <c>yyyy-MM-dd</c>).</summary>
    public string Format { get; init; } = "yyyy-MM-dd";

    /// <summary>Builds a hierarchy with one row per distinct value, in order of first appearance.</summary>
    /// <exception cref="HierarchyException">A value is not a date in <see cref="Format"/> (the message lists the offending values).</exception>
    public Hierarchy Build(IEnumerable<string?> values)
    {
        var (distinct, hasMissing) = HierarchyBuilding.Distinct(values);
        var levelCount = _levels.Length + 2;
        var rows = new List<string[]>(distinct.Count + 1);
        var invalid = new List<string>();
        foreach (var value in distinct)
        {
            if (!DateTime.TryParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                invalid.Add(value);
                continue;
            }
            var row = new string[levelCount];
            row[0] = value;
            for (var l = 1; l <= _levels.Length; l++)
            {
                row[l] = Label(date, _levels[l - 1]);
            }
            row[^1] = HierarchyBuilding.Top;
            rows.Add(row);
        }
        if (invalid.Count > 0)
        {
            var noun = invalid.Count == 1 ? "value is" : "values are";
            throw new HierarchyException($"Date hierarchy: {invalid.Count} {noun} not a date in the format '{Format}': {HierarchyBuilding.List(invalid)}.");
        }
        if (hasMissing)
        {
            rows.Add(HierarchyBuilding.MissingRow(levelCount, HierarchyBuilding.Top));
        }
        return Hierarchy.FromRows(rows, "date hierarchy");
    }

    private static string Label(DateTime date, DateGranularity level)
    {
        var c = CultureInfo.InvariantCulture;
        return level switch
        {
            DateGranularity.Day => date.ToString("yyyy-MM-dd", c),
            DateGranularity.Week => string.Create(c, $"{ISOWeek.GetYear(date):D4}-W{ISOWeek.GetWeekOfYear(date):D2}"),
            DateGranularity.Month => date.ToString("yyyy-MM", c),
            DateGranularity.Quarter => string.Create(c, $"{date.Year:D4}-Q{((date.Month - 1) / 3) + 1}"),
            DateGranularity.Year => date.ToString("yyyy", c),
            DateGranularity.Decade => string.Create(c, $"{date.Year / 10 * 10:D4}-{(date.Year / 10 * 10) + 9:D4}"),
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
        };
    }
}
