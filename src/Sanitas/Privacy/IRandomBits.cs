namespace Sanitas.Privacy;

/// <summary>
/// A source of independent, uniformly distributed random bytes: the only input of every exact
/// sampler in <see cref="Sanitas.Privacy"/>. Use <see cref="SecureRandom"/> for anything that is
/// released; <c>System.Random</c> must never reach a release.
/// </summary>
public interface IRandomBits
{
    /// <summary>Fills <paramref name="destination"/> with uniform random bytes.</summary>
    /// <param name="destination">The bytes to overwrite.</param>
    void Fill(Span<byte> destination);
}
