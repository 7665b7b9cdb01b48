using System.Security.Cryptography;

namespace Sanitas.Privacy;

/// <summary>
/// Uniform random bytes from the operating system's cryptographically secure generator
/// (<see cref="RandomNumberGenerator"/>). The only source allowed for a release: its output cannot
/// be predicted or replayed from earlier outputs or a seed.
/// </summary>
public sealed class SecureRandom : IRandomBits
{
    private SecureRandom()
    {
    }

    /// <summary>The shared instance; it is stateless and thread-safe.</summary>
    public static SecureRandom Instance { get; } = new();

    /// <inheritdoc />
    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
