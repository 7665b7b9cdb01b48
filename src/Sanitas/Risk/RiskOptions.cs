using Sanitas.Data;

namespace Sanitas.Risk;

/// <summary>How <see cref="RiskMeasures.Measure"/> measures.</summary>
public sealed record RiskOptions
{
    /// <summary>The per-record risk above which a record counts as at risk (default 0.2, i.e. classes smaller than 5).</summary>
    public double Threshold { get; init; } = 0.2;

    /// <summary>The sample's share of the population, in (0, 1] (default 0.1).</summary>
    public double SamplingFraction { get; init; } = 0.1;

    /// <summary>A population table for the journalist and marketer risks, holding the quasi-identifiers in the sample's representation.</summary>
    public Table? Population { get; init; }

    /// <summary>The population's name for messages (such as its file name).</summary>
    public string? PopulationName { get; init; }

    /// <summary>Whether to compute SUDA scores (default true).</summary>
    public bool Suda { get; init; } = true;

    /// <summary>The largest MSU size SUDA searches; <see langword="null"/> for all quasi-identifiers.</summary>
    public int? SudaMaxSize { get; init; }

    internal void Validate()
    {
        if (!(Threshold >= 0 && Threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The risk threshold must be in [0, 1].");
        }
        if (!(SamplingFraction > 0 && SamplingFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SamplingFraction), SamplingFraction, "The sampling fraction must be in (0, 1].");
        }
    }
}
