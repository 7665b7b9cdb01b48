using System.Globalization;

namespace Sanitas.Data;

/// <summary>
/// Turns a long readings table (one row per reading, see <see cref="SeriesLayout"/>) into a wide one:
/// one row per measurement (person and time, in order of first appearance) with the person, the time
/// (or its hour of the day, <see cref="SeriesLayout.HourColumn"/>) and one column per channel. Values
/// are copied as text. A measurement lacking or repeating a channel is an error naming it.
/// </summary>
public static class SeriesPivot
{
    /// <summary>The wide table's columns for a layout with declared channels: person, time (or hour), then the channels.</summary>
    /// <exception cref="InvalidOptionException">The layout declares no channels.</exception>
    public static IReadOnlyList<string> WideColumns(SeriesLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var channels = layout.Channels ?? throw InvalidOptionException.Of("channels", "The series layout declares no channels, so its wide columns are not known before the data is read.");
        return [layout.PersonColumn, layout.HourColumn ?? layout.TimeColumn, .. channels];
    }

    /// <summary>Pivots readings into measurements (in order of first appearance).</summary>
    /// <param name="readings">The readings table.</param>
    /// <param name="layout">Where person, time, channel and value are.</param>
    /// <param name="lenient">
    /// For DP paths, after the charge: never an error and nothing about a row. The columns are the
    /// layout's declared <see cref="WideColumns"/>; a reading of an undeclared channel is ignored, a
    /// repeated one replaces the earlier, and a missing one is left empty.
    /// </param>
    /// <exception cref="SanitasDataException">Not lenient: a column is missing, or a measurement lacks or repeats a channel.</exception>
    public static Table ToWide(Table readings, SeriesLayout layout, bool lenient = false)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(layout);
        var patient = Find(readings, layout.PersonColumn);
        var time = Find(readings, layout.TimeColumn);
        var channelColumns = layout.ChannelColumns.Select(c => Find(readings, c)).ToArray();
        var temperature = Find(readings, layout.ValueColumn);
        var names = lenient ? [.. WideColumns(layout).Skip(2)] : new List<string>();
        var slotOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var channelOfRow = new string?[readings.RowCount];
        foreach (var combination in Combinations(channelColumns))
        {
            if (combination.Any(v => v is null))
            {
                continue;
            }
            var name = channelColumns.Length == 0 ? layout.ValueColumn : SeriesLayout.ChannelName(combination);
            if (lenient)
            {
                var slot = names.IndexOf(name);
                if (slot >= 0)
                {
                    slotOf[name] = slot;
                }
            }
            else if (!slotOf.ContainsKey(name))
            {
                slotOf[name] = names.Count;
                names.Add(name);
            }
        }
        var parts = new string?[channelColumns.Length];
        for (var r = 0; r < readings.RowCount; r++)
        {
            for (var c = 0; c < parts.Length; c++)
            {
                parts[c] = channelColumns[c][r];
            }
            channelOfRow[r] = parts.Any(v => v is null) ? null : channelColumns.Length == 0 ? layout.ValueColumn : SeriesLayout.ChannelName(parts);
        }
        var measurementOf = new Dictionary<(int Patient, int Time), int>();
        var patients = new List<int>();
        var times = new List<int>();
        var cells = new List<int[]>();
        for (var r = 0; r < readings.RowCount; r++)
        {
            var key = (patient.Codes[r], time.Codes[r]);
            if (!measurementOf.TryGetValue(key, out var m))
            {
                m = cells.Count;
                measurementOf.Add(key, m);
                patients.Add(key.Item1);
                times.Add(key.Item2);
                cells.Add(Enumerable.Repeat(-1, names.Count).ToArray());
            }
            if (channelOfRow[r] is not { } channel || !slotOf.TryGetValue(channel, out var slot))
            {
                if (lenient)
                {
                    continue;
                }
                throw new SanitasDataException($"Readings, row {r + 1}: missing {string.Join(" or ", layout.ChannelColumns).ToLowerInvariant()}.");
            }
            if (cells[m][slot] >= 0 && !lenient)
            {
                throw new SanitasDataException($"Readings, row {r + 1}: person {patient[r]} at {time[r]} has two '{names[slot]}' readings.");
            }
            cells[m][slot] = temperature.Codes[r];
        }
        var columns = new List<Column>
        {
            Column.FromCodes(layout.PersonColumn, patient.Type, [.. patient.Dictionary], [.. patients]),
            layout.HourColumn is { } hour
                ? Column.FromValues(hour, times.Select(t => Hour(time.Dictionary[t])), ColumnType.Integer)
                : Column.FromCodes(layout.TimeColumn, time.Type, [.. time.Dictionary], [.. times]),
        };
        for (var slot = 0; slot < names.Count; slot++)
        {
            var values = new string?[cells.Count];
            for (var m = 0; m < cells.Count; m++)
            {
                values[m] = cells[m][slot] >= 0
                    ? temperature.Dictionary[cells[m][slot]]
                    : lenient ? null : throw new SanitasDataException($"Readings: person {patient.Dictionary[patients[m]]} at {time.Dictionary[times[m]]} has no '{names[slot]}' reading.");
            }
            columns.Add(Column.FromValues(names[slot], values, ColumnType.Decimal));
        }
        return new Table(columns);
    }

    // Every combination of the channel columns' dictionary values, first column slowest (the order
    // the wide columns get when the layout declares none).
    private static IEnumerable<string?[]> Combinations(Column[] columns)
    {
        IEnumerable<string?[]> result = [[]];
        foreach (var column in columns)
        {
            var values = column.Dictionary.ToArray();
            result = result.SelectMany(prefix => values.Select(v => (string?[])[.. prefix, v])).ToList();
        }
        return result;
    }

    private static Column Find(Table table, string name) =>
        table.TryGetColumn(name, out var column)
            ? column
            : throw new SanitasDataException($"Unknown column '{name}'. The table has: {string.Join(", ", table.ColumnNames)}.");

    private static string? Hour(string? time) =>
        time is { Length: >= 13 } && time[10] == 'T' && int.TryParse(time.AsSpan(11, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            ? hour.ToString(CultureInfo.InvariantCulture)
            : null;
}
