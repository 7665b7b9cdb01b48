using System.Globalization;

namespace Sanitas.Anonymization;

/// <summary>Finds what a steward should be warned about in a chosen transformation (see <see cref="AnonymizationWarning"/>).</summary>
internal static class AnonymizationWarnings
{
    /// <summary>At most this many mostly-suppressed groups are named per attribute.</summary>
    private const int GroupsPerAttribute = 3;

    public static AnonymizationWarning[] Find(QuasiIdentifierEncoding[] encodings, int[] node, Snapshot snapshot, bool[] suppressed, int suppressedRecords, int rows, int minimalClassSize)
    {
        var c = CultureInfo.InvariantCulture;
        var warnings = new List<AnonymizationWarning>();
        var releasedRecords = rows - suppressedRecords;
        for (var q = 0; q < encodings.Length; q++)
        {
            // The chosen level maps every value to one (typically *): the attribute is gone from the output.
            if (releasedRecords > 1 && encodings[q].LevelValues[node[q]].Length == 1 && encodings[q].LevelValues[0].Length > 1)
            {
                var value = Show(encodings[q].LevelValues[node[q]][0]);
                warnings.Add(new AnonymizationWarning("fully-generalized", encodings[q].Name, string.Create(c,
                    $"'{encodings[q].Name}' is fully generalized: all {releasedRecords:N0} released records show '{value}' (level {node[q]} of {encodings[q].MaxLevel}), so it carries no information. " +
                    $"Give it a larger weight or a maxLevel, add finer levels to its hierarchy, or allow more suppression.")));
            }
        }
        if (rows > 0 && suppressedRecords * 2 >= rows)
        {
            warnings.Add(new AnonymizationWarning("suppression-dominates", null, string.Create(c,
                $"Suppression dominates: {suppressedRecords:N0} of {rows:N0} records ({100d * suppressedRecords / rows:0.0}%) are suppressed. Lower the suppression limit, weaken the models, or add coarser hierarchy levels.")));
        }
        else if (suppressedRecords > 0)
        {
            // A group of records sharing a released value that is mostly suppressed: that group is effectively removed from the output.
            var smallest = Math.Max(10, 2 * minimalClassSize);
            for (var q = 0; q < encodings.Length; q++)
            {
                var values = encodings[q].LevelValues[node[q]];
                var total = new int[values.Length];
                var gone = new int[values.Length];
                for (var k = 0; k < snapshot.Count; k++)
                {
                    var code = snapshot.Code(q, k);
                    total[code] += snapshot.Sizes[k];
                    if (suppressed[k])
                    {
                        gone[code] += snapshot.Sizes[k];
                    }
                }
                var groups = Enumerable.Range(0, values.Length)
                    .Where(v => total[v] >= smallest && gone[v] * 2 > total[v])
                    .OrderByDescending(v => gone[v]).ThenBy(v => v)
                    .Take(GroupsPerAttribute);
                foreach (var v in groups)
                {
                    warnings.Add(new AnonymizationWarning("group-mostly-suppressed", encodings[q].Name, string.Create(c,
                        $"Records with {encodings[q].Name} = '{Show(values[v])}' are mostly suppressed: {gone[v]:N0} of {total[v]:N0} ({100d * gone[v] / total[v]:0.0}%). Analyses of that group would rest on the few left.")));
                }
            }
        }
        return [.. warnings];
    }

    private static string Show(string? value) => value ?? Hierarchy.MissingValue;
}
