namespace Sanitas.Anonymization;

/// <summary>Helpers shared by the hierarchy builders.</summary>
internal static class HierarchyBuilding
{
    /// <summary>The most general value the builders add on top.</summary>
    public const string Top = "*";

    /// <summary>How many offending values an error message lists.</summary>
    public const int MaxListed = 5;

    /// <summary>
    /// The distinct non-missing values in order of first appearance, and whether a missing value
    /// (<see langword="null"/> or <see cref="Hierarchy.MissingValue"/>) occurred.
    /// </summary>
    public static (List<string> Values, bool HasMissing) Distinct(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<string>();
        var hasMissing = false;
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                hasMissing = true;
            }
            else if (seen.Add(value))
            {
                distinct.Add(value);
            }
        }
        return (distinct, hasMissing);
    }

    /// <summary>The row of the missing value: <c>""</c> at every level but the top.</summary>
    public static string[] MissingRow(int levelCount, string top)
    {
        var row = new string[levelCount];
        Array.Fill(row, Hierarchy.MissingValue);
        row[^1] = top;
        return row;
    }

    /// <summary>"'a', 'b', 'c', and 4 more" for messages (<paramref name="quote"/>: put values in quotes).</summary>
    public static string List(IReadOnlyCollection<string> values, bool quote = true)
    {
        var listed = string.Join(", ", values.Take(MaxListed).Select(v => quote ? $"'{v}'" : v));
        return values.Count > MaxListed ? $"{listed}, and {values.Count - MaxListed} more" : listed;
    }
}
