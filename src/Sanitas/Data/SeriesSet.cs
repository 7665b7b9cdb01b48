using System.Globalization;

namespace Sanitas.Data;

/// <summary>
/// Series per person: for each person (in order of first appearance) the measurement times and one
/// value per channel and time. The general shape in which sensor data (an insole's temperatures, an
/// ECG's leads) reaches learning, attacks and time-series anonymization; where the data came from
/// (which columns, which channels) is described by a <see cref="SeriesLayout"/> or a wide table.
/// </summary>
/// <param name="Channels">The channel names, in order.</param>
/// <param name="Persons">One entry per person.</param>
public sealed record SeriesSet(IReadOnlyList<string> Channels, IReadOnlyList<PersonSeries> Persons)
{
    /// <summary>The number of persons.</summary>
    public int Count => Persons.Count;

    /// <summary>
    /// Reads a long table: one row per reading (person, time, channel columns, value). Each person's
    /// times are sorted (ordinal text order, right for ISO 8601); a channel not read at a time is NaN;
    /// two readings of one channel at one time are averaged. With declared
    /// <see cref="SeriesLayout.Channels"/> a reading of another channel is ignored.
    /// </summary>
    /// <exception cref="SanitasDataException">A column is missing or a value is not a number; the message names it.</exception>
    public static SeriesSet FromLong(Table readings, SeriesLayout layout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(layout);
        var person = Require(readings, layout.PersonColumn);
        var time = Require(readings, layout.TimeColumn);
        var value = Require(readings, layout.ValueColumn);
        var channelColumns = layout.ChannelColumns.Select(c => Require(readings, c)).ToArray();
        var numbers = Numbers(value, layout.ValueColumn);
        var channels = layout.Channels is { } declared ? [.. declared] : new List<string>();
        var channelIndex = channels.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var perPerson = new Dictionary<int, Dictionary<int, Dictionary<int, (double Sum, int Count)>>>();
        var order = new List<int>();
        var codes = new string?[channelColumns.Length];
        for (var r = 0; r < readings.RowCount; r++)
        {
            if ((r & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            for (var c = 0; c < channelColumns.Length; c++)
            {
                codes[c] = channelColumns[c][r];
            }
            var name = channelColumns.Length == 0 ? layout.ValueColumn : SeriesLayout.ChannelName(codes);
            if (!channelIndex.TryGetValue(name, out var channel))
            {
                if (layout.Channels is not null)
                {
                    continue;
                }
                channel = channels.Count;
                channels.Add(name);
                channelIndex.Add(name, channel);
            }
            var p = person.Codes[r];
            if (!perPerson.TryGetValue(p, out var measurements))
            {
                perPerson.Add(p, measurements = []);
                order.Add(p);
            }
            var t = time.Codes[r];
            if (!measurements.TryGetValue(t, out var cells))
            {
                measurements.Add(t, cells = []);
            }
            var (sum, count) = cells.GetValueOrDefault(channel);
            cells[channel] = (sum + numbers[value.Codes[r]], count + 1);
        }
        var persons = new List<PersonSeries>(order.Count);
        foreach (var p in order)
        {
            var sorted = perPerson[p].OrderBy(kv => time.Dictionary[kv.Key], StringComparer.Ordinal).ToArray();
            var values = new double[channels.Count][];
            for (var c = 0; c < values.Length; c++)
            {
                values[c] = new double[sorted.Length];
                for (var t = 0; t < sorted.Length; t++)
                {
                    values[c][t] = sorted[t].Value.TryGetValue(c, out var cell) ? cell.Sum / cell.Count : double.NaN;
                }
            }
            persons.Add(new PersonSeries(person.Dictionary[p] ?? "", [.. sorted.Select(kv => time.Dictionary[kv.Key] ?? "")], values));
        }
        return new SeriesSet(channels, persons);
    }

    /// <summary>
    /// Reads a wide table whose every value column is one series (e.g. an ECG's leads, or one column
    /// per recording): each column becomes a "person" with one channel, in file order.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="timeColumn">The time column (kept as the times, in file order), or null for row numbers.</param>
    /// <param name="columns">The series columns; null: every column but the time column.</param>
    /// <exception cref="SanitasDataException">A column is missing or a value is not a number; the message names it.</exception>
    public static SeriesSet FromWide(Table table, string? timeColumn, IReadOnlyList<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var timeValues = timeColumn is null ? null : Require(table, timeColumn);
        var times = Enumerable.Range(0, table.RowCount)
            .Select(r => timeValues is null ? (r + 1).ToString(CultureInfo.InvariantCulture) : timeValues[r] ?? "")
            .ToArray();
        var names = columns ?? [.. table.ColumnNames.Where(n => !string.Equals(n, timeColumn, StringComparison.Ordinal))];
        var persons = new List<PersonSeries>(names.Count);
        foreach (var name in names)
        {
            var column = Require(table, name);
            var numbers = Numbers(column, name);
            var values = new double[table.RowCount];
            for (var r = 0; r < values.Length; r++)
            {
                values[r] = numbers[column.Codes[r]];
            }
            persons.Add(new PersonSeries(name, times, [values]));
        }
        return new SeriesSet(["value"], persons);
    }

    /// <summary>One channel per person: the mean over the channels read at each time.</summary>
    public SeriesSet MeanOverChannels() =>
        Channels.Count == 1 ? this : new SeriesSet(["mean"], [.. Persons.Select(p => p with { Channels = [p.MeanOverChannels()] })]);

    /// <summary>Each channel aggregated to means over windows of <paramref name="window"/> points (<see cref="SeriesWindows.Means"/>); a window's time is its first.</summary>
    public SeriesSet Window(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        return this with
        {
            Persons = [.. Persons.Select(p => new PersonSeries(p.Person,
                [.. p.Times.Where((_, i) => i % window == 0)],
                [.. p.Channels.Select(c => SeriesWindows.Means(c, window))]))],
        };
    }

    /// <summary>The points from <paramref name="start"/>, at most <paramref name="length"/> of them, of every person.</summary>
    public SeriesSet Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return this with
        {
            Persons = [.. Persons.Select(p =>
            {
                var from = Math.Min(start, p.Length);
                var count = Math.Min(length, p.Length - from);
                return new PersonSeries(p.Person, [.. p.Times.Skip(from).Take(count)], [.. p.Channels.Select(c => c.AsSpan(from, count).ToArray())]);
            })],
        };
    }

    /// <summary>The series of one channel as (person, trace) pairs, in person order.</summary>
    public IReadOnlyList<KeyValuePair<string, double[]>> Traces(int channel = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Math.Max(1, Channels.Count));
        return [.. Persons.Select(p => KeyValuePair.Create(p.Person, p.Channels[channel]))];
    }

    private static Column Require(Table table, string name) =>
        table.TryGetColumn(name, out var column)
            ? column
            : throw new SanitasDataException($"The series table has no column '{name}'. Columns: {string.Join(", ", table.ColumnNames)}.");

    private static double[] Numbers(Column column, string name)
    {
        var numbers = new double[column.DistinctCount];
        for (var c = 0; c < numbers.Length; c++)
        {
            var text = column.Dictionary[c];
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[c]))
            {
                throw new SanitasDataException($"Column '{name}' holds '{text ?? "(missing)"}', which is not a number.");
            }
        }
        return numbers;
    }
}
