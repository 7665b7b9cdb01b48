using System.Runtime.InteropServices;
using Sanitas.Privacy;

namespace Sanitas.Learning.DpSgd;

/// <summary>
/// Poisson sampling for privacy amplification (Abadi et al. 2016; Mironov, Talwar &amp; Zhang 2019):
/// each person joins the batch independently with probability q, decided by a uniform 64-bit integer
/// u from the secure source: u &lt; ⌊q·2^64⌋. The realized rate is within 2^−64 below q, and a lower
/// rate only strengthens the guarantee.
/// </summary>
internal sealed class PoissonSampler
{
    private readonly ulong _threshold;
    private readonly bool _everyone;
    private readonly byte[] _bytes;

    public PoissonSampler(double samplingRate, int persons)
    {
        _everyone = samplingRate >= 1;
        _threshold = _everyone ? ulong.MaxValue : (ulong)Math.Floor(Math.ScaleB(samplingRate, 64));
        _bytes = new byte[persons * sizeof(ulong)];
    }

    /// <summary>Writes the sampled persons into <paramref name="selected"/> and returns how many.</summary>
    public int Sample(IRandomBits random, Span<int> selected)
    {
        if (_everyone)
        {
            for (var p = 0; p < selected.Length; p++)
            {
                selected[p] = p;
            }
            return selected.Length;
        }
        random.Fill(_bytes);
        var draws = MemoryMarshal.Cast<byte, ulong>(_bytes);
        var count = 0;
        for (var p = 0; p < draws.Length; p++)
        {
            if (draws[p] < _threshold)
            {
                selected[count++] = p;
            }
        }
        return count;
    }
}
