using System.Globalization;

namespace Sanitas.Anonymization;

/// <summary>
/// How large a hierarchy file <see cref="HierarchyReader"/> reads: a regular file of at most
/// <see cref="MaxBytes"/> bytes whose lines hold at most <see cref="MaxLineLength"/> characters.
/// A configuration sets them per file (<c>hierarchy: { file: age.csv, maxBytes: 1000000000 }</c>).
/// </summary>
public sealed record HierarchyFileLimits
{
    /// <summary>The defaults: 64 MiB and 65,536 characters per line.</summary>
    public static HierarchyFileLimits Default { get; } = new();

    /// <summary>The largest file, in bytes (default 64 MiB).</summary>
    public long MaxBytes { get; init; } = 64L << 20;

    /// <summary>The longest line, in characters (default 65,536).</summary>
    public int MaxLineLength { get; init; } = 1 << 16;

    /// <summary>Checks that both limits are positive.</summary>
    /// <exception cref="ArgumentException">A limit is zero or negative.</exception>
    public HierarchyFileLimits Validate()
    {
        if (MaxBytes <= 0 || MaxLineLength <= 0)
        {
            throw new InvalidOptionException(string.Create(CultureInfo.InvariantCulture,
                $"hierarchy file limits must be positive, got maxBytes {MaxBytes} and maxLineLength {MaxLineLength}."));
        }
        return this;
    }
}
