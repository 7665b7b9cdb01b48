namespace Sanitas.Collaboration;

/// <summary>The seed workload of multi-centre logistic regression (Lu et al. 2020's scale by default).</summary>
public sealed record MulticentreSampleOptions
{
    /// <summary>Rows over all centres.</summary>
    public int Rows { get; init; } = 49_152;

    /// <summary>Features x1…xF.</summary>
    public int Features { get; init; } = 10;

    /// <summary>Centres; rows are split evenly.</summary>
    public int Sites { get; init; } = 3;

    /// <summary>The simulation's seed.</summary>
    public int Seed { get; init; } = 1;
}
