namespace Sanitas.Data;

/// <summary>
/// One person's series: the times of their measurements (in time order) and, per channel, the value at
/// each time (<see cref="double.NaN"/> where the channel was not read).
/// </summary>
/// <param name="Person">The person's id.</param>
/// <param name="Times">The measurement times, in order.</param>
/// <param name="Channels">Per channel of the enclosing <see cref="SeriesSet"/>, one value per time.</param>
public sealed record PersonSeries(string Person, IReadOnlyList<string> Times, IReadOnlyList<double[]> Channels)
{
    /// <summary>The number of measurements.</summary>
    public int Length => Times.Count;

    /// <summary>The trace of channel <paramref name="channel"/>.</summary>
    public double[] this[int channel] => Channels[channel];

    /// <summary>
    /// The mean over the channels read at each time (NaN where none was), e.g. the mean temperature of
    /// all insole sensors read together.
    /// </summary>
    public double[] MeanOverChannels()
    {
        var result = new double[Length];
        for (var t = 0; t < result.Length; t++)
        {
            var sum = 0.0;
            var count = 0;
            foreach (var channel in Channels)
            {
                if (!double.IsNaN(channel[t]))
                {
                    sum += channel[t];
                    count++;
                }
            }
            result[t] = count == 0 ? double.NaN : sum / count;
        }
        return result;
    }
}
