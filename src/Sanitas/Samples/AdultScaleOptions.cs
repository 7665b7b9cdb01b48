namespace Sanitas.Samples;

/// <summary>How <see cref="AdultScale"/> scales ARX's Adult extract.</summary>
public sealed record AdultScaleOptions
{
    /// <summary>The default seed.</summary>
    public const int DefaultSeed = 20261207;

    /// <summary>Rows to write (Adult's 30,162 records are repeated in order until there are this many).</summary>
    public long Rows { get; init; } = 1_000_000;

    /// <summary>The seed of the age jitter; the same seed gives the same file.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Each written age moves by a uniform whole number of years in [−Jitter, Jitter], clamped to the age hierarchy's range.</summary>
    public int Jitter { get; init; } = 4;
}
