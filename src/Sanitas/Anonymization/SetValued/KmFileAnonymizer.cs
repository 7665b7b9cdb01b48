using Sanitas.Data;

namespace Sanitas.Anonymization.SetValued;

/// <summary>
/// km-anonymizes a set-valued attribute kept in long format (one row per person and item, e.g. the trial's
/// comorbidities.csv with PatientId and Comorbidity) and writes it back in the same format, one row per person
/// and released (generalized) item.
/// </summary>
public static class KmFileAnonymizer
{
    /// <summary>Reads, km-anonymizes and writes; the output file is replaced only when complete.</summary>
    public static KmAnonymizationResult Run(string input, string idColumn, string itemColumn, string hierarchyPath, int k, int m, string output, CancellationToken ct = default)
    {
        var table = CsvReader.Read(input, ct: ct);
        var ids = table[idColumn];
        var items = table[itemColumn];
        var order = new List<string>();
        var sets = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var i = 0; i < table.RowCount; i++)
        {
            var id = ids[i] ?? throw new AnonymizationException($"{input}, row {i + 1}: empty {idColumn}.");
            if (!sets.TryGetValue(id, out var set))
            {
                sets[id] = set = new HashSet<string>(StringComparer.Ordinal);
                order.Add(id);
            }
            if (items[i] is { Length: > 0 } item)
            {
                set.Add(item);
            }
        }
        var hierarchy = ItemHierarchy.Load(hierarchyPath);
        var result = KmAnonymizer.Anonymize(order.Select(id => (IReadOnlySet<string>)sets[id]).ToList(), hierarchy, k, m, ct);
        var outIds = new List<string?>();
        var outItems = new List<string?>();
        for (var p = 0; p < order.Count; p++)
        {
            foreach (var item in result.Records[p].Order(StringComparer.Ordinal))
            {
                outIds.Add(order[p]);
                outItems.Add(item);
            }
        }
        CsvWriter.Write(new Table([Column.FromValues(idColumn, outIds), Column.FromValues(itemColumn, outItems)]), output, ct: ct);
        return result;
    }
}
