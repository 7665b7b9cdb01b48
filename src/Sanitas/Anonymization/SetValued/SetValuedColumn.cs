using Sanitas.Data;

namespace Sanitas.Anonymization.SetValued;

/// <summary>
/// Attaches a k^m-anonymous set-valued column to an anonymized table: reads the long-format file of
/// <see cref="SetValuedSettings"/>, makes every person's item set k^m-anonymous with
/// <see cref="KmAnonymizer"/> (over all persons of the main table, a person without rows having the
/// empty set), and adds one column with each row's generalized set (items sorted, joined by the separator).
/// </summary>
public static class SetValuedColumn
{
    /// <summary>Appends the column.</summary>
    /// <param name="output">The anonymized table (one row per row of <paramref name="input"/>, in the same order).</param>
    /// <param name="input">The original table, whose <see cref="SetValuedSettings.Id"/> column links its rows to the sets.</param>
    /// <param name="settings">The section.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The table with the column added, and the k^m-anonymization's result.</returns>
    /// <exception cref="AnonymizationException">A column is missing, or the set-valued column's name is already taken.</exception>
    public static (Table Output, KmAnonymizationResult Result) Append(Table output, Table input, SetValuedSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        if (!input.TryGetColumn(settings.Id, out var ids))
        {
            throw new AnonymizationException($"set-valued: the main table has no column '{settings.Id}' to link the sets to. Columns: {string.Join(", ", input.ColumnNames)}.");
        }
        if (output.TryGetColumn(settings.Column, out _))
        {
            throw new AnonymizationException($"set-valued: the output already has a column '{settings.Column}'; choose another 'column'.");
        }
        var longTable = CsvReader.Read(settings.Input, ct: cancellationToken);
        foreach (var name in new[] { settings.Id, settings.Item })
        {
            if (!longTable.TryGetColumn(name, out _))
            {
                throw new AnonymizationException($"set-valued: {settings.Input} has no column '{name}'. Columns: {string.Join(", ", longTable.ColumnNames)}.");
            }
        }
        var sets = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var longIds = longTable[settings.Id];
        var items = longTable[settings.Item];
        for (var r = 0; r < longTable.RowCount; r++)
        {
            if (longIds[r] is { } id && items[r] is { Length: > 0 } item)
            {
                if (!sets.TryGetValue(id, out var set))
                {
                    sets[id] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                set.Add(item);
            }
        }
        var records = Enumerable.Range(0, input.RowCount)
            .Select(r => (IReadOnlySet<string>)(ids[r] is { } id && sets.TryGetValue(id, out var s) ? s : new HashSet<string>()))
            .ToList();
        var result = KmAnonymizer.Anonymize(records, ItemHierarchy.Load(settings.Hierarchy), settings.K, settings.M, cancellationToken);
        var values = result.Records.Select(s => (string?)string.Join(settings.Separator, s.Order(StringComparer.Ordinal))).ToArray();
        return (new Table([.. output.Columns, Column.FromValues(settings.Column, values)]), result);
    }
}
