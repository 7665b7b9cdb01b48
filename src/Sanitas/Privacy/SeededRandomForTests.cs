namespace Sanitas.Privacy;

/// <summary>
/// A deterministic, seeded source (SplitMix64, Steele, Lea &amp; Flood 2014) so that statistical
/// tests of the samplers are reproducible. Predictable by design, therefore internal: it is
/// visible to the test assembly only and can never be handed to a release by a user.
/// </summary>
internal sealed class SeededRandomForTests(ulong seed) : IRandomBits
{
    private ulong _state = seed;

    public void Fill(Span<byte> destination)
    {
        while (destination.Length >= 8)
        {
            BitConverter.TryWriteBytes(destination, Next());
            destination = destination[8..];
        }
        if (destination.Length > 0)
        {
            Span<byte> last = stackalloc byte[8];
            BitConverter.TryWriteBytes(last, Next());
            last[..destination.Length].CopyTo(destination);
        }
    }

    private ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
