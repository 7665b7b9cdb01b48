namespace Sanitas.Data;

/// <summary>
/// How a long table holds one or more series per person: one row per reading, with the person, the
/// time, the columns naming the channel (e.g. a foot and a sensor) and the value. A channel's name is
/// its channel columns' values joined by <c>_</c> (e.g. <c>left_hallux</c>).
/// </summary>
/// <param name="PersonColumn">The column identifying the person (the privacy unit).</param>
/// <param name="TimeColumn">The time of the reading; text in ISO 8601 sorts in time order.</param>
/// <param name="ChannelColumns">The columns naming the channel (none: one channel).</param>
/// <param name="ValueColumn">The measured value.</param>
public sealed record SeriesLayout(string PersonColumn, string TimeColumn, IReadOnlyList<string> ChannelColumns, string ValueColumn)
{
    /// <summary>
    /// The declared channels, in the order of the wide table's columns; null: the channels found in the
    /// data. A declared layout is what a DP path needs (the columns are known before any value is read).
    /// </summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>
    /// When set, the wide table's time column has this name and holds the hour of the day of
    /// <see cref="TimeColumn"/> (ISO 8601 <c>yyyy-MM-ddTHH…</c>); otherwise it is the time column as it is.
    /// </summary>
    public string? HourColumn { get; init; }

    /// <summary>The channel name of channel-column values.</summary>
    public static string ChannelName(IEnumerable<string?> values) => string.Join('_', values);
}
