using Sanitas.Data;

namespace Sanitas.Risk;

/// <summary>Finds, for every class of a sample, how many records of a population table share its quasi-identifier values.</summary>
internal static class PopulationClasses
{
    /// <exception cref="SanitasDataException">The population lacks a quasi-identifier, has fewer records than the sample, or lacks a sample class.</exception>
    public static int[] Sizes(EquivalenceClasses sample, Table population, string? name)
    {
        var of = string.IsNullOrEmpty(name) ? "The population table" : $"The population table '{name}'";
        var missing = sample.QuasiIdentifiers.Where(q => !population.TryGetColumn(q, out _)).ToList();
        if (missing.Count > 0)
        {
            throw new SanitasDataException($"{of} lacks the quasi-identifier{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}. Its columns: {string.Join(", ", population.ColumnNames)}.");
        }
        if (population.RowCount < sample.Table.RowCount)
        {
            throw new SanitasDataException($"{of} has {population.RowCount:N0} records, fewer than the sample's {sample.Table.RowCount:N0}: a population contains its sample.");
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var columns = sample.QuasiIdentifiers.Select(q => population[q]).ToArray();
        var key = new System.Text.StringBuilder();
        for (var r = 0; r < population.RowCount; r++)
        {
            key.Clear();
            foreach (var column in columns)
            {
                key.Append(column[r]).Append('\u001f');
            }
            var k = key.ToString();
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }
        var sizes = new int[sample.Count];
        for (var c = 0; c < sample.Count; c++)
        {
            var values = sample.Key(c);
            var k = string.Concat(values.Select(v => v + "\u001f"));
            if (!counts.TryGetValue(k, out var size))
            {
                var shown = string.Join(", ", sample.QuasiIdentifiers.Select((q, i) => $"{q}={values[i]}"));
                throw new SanitasDataException($"{of} does not match the sample: it has no record with {shown}, which the sample holds {sample.Sizes[c]} time{(sample.Sizes[c] == 1 ? "" : "s")}. Give the population in the same representation (generalization) as the sample.");
            }
            sizes[c] = Math.Max(size, sample.Sizes[c]);
        }
        return sizes;
    }
}
