namespace Sanitas.Workflows;

/// <summary>What <see cref="FileRiskAssessor"/> reads and writes.</summary>
public sealed record RiskRequest
{
    /// <summary>The anonymization configuration whose quasi-identifiers and <c>risk:</c> section are used.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>The CSV to assess, or <see langword="null"/> for the configuration's <c>input</c>.</summary>
    public string? InputPath { get; init; }

    /// <summary>Where to write the JSON report.</summary>
    public required string ReportPath { get; init; }

    /// <summary>Where to write the HTML report, if anywhere.</summary>
    public string? HtmlPath { get; init; }

    /// <summary>Overrides the per-record risk threshold of the configuration.</summary>
    public double? Threshold { get; init; }

    /// <summary>Overrides the sampling fraction of the configuration.</summary>
    public double? SamplingFraction { get; init; }

    /// <summary>A population CSV for the journalist and marketer risks.</summary>
    public string? PopulationPath { get; init; }

    /// <summary>Attacks to run besides the configured ones (<c>--attack</c>; only <c>linkage</c>, on the configuration's quasi-identifiers); one the configuration already names is not run twice.</summary>
    public IReadOnlyList<string>? Attacks { get; init; }

    /// <summary>The adversary's identified table for every attack that names none (<c>--known</c>; default: the assessed file).</summary>
    public string? KnownPath { get; init; }
}
