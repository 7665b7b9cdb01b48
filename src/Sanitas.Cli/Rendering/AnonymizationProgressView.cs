using System.Globalization;
using Sanitas.Anonymization;

namespace Sanitas.Cli.Rendering;

/// <summary>Shows an anonymization's <see cref="AnonymizationProgress"/> as one bar per phase: reading, searching, writing.</summary>
internal static class AnonymizationProgressView
{
    /// <summary>The phases' names, in the order of <see cref="AnonymizationPhase"/>.</summary>
    public static readonly IReadOnlyList<string> Phases = ["Reading input", "Searching transformations", "Writing output"];

    /// <summary>Runs <paramref name="work"/> with its progress shown through <paramref name="console"/>.</summary>
    public static T Run<T>(ICliConsole console, Func<IProgress<AnonymizationProgress>, T> work) =>
        console.RunWithPhases(Phases, phases => work(new ActionProgress<AnonymizationProgress>(p => phases.Report(new PhaseProgress((int)p.Phase, p.Fraction, Detail(p))))));

    /// <summary>The detail shown after a phase's name: records read or written, transformations checked.</summary>
    internal static string? Detail(AnonymizationProgress p) => p.Phase switch
    {
        AnonymizationPhase.Reading when p.Rows > 0 && p.TotalRows is { } total => string.Create(CultureInfo.InvariantCulture, $"{p.Rows:N0} of {total:N0} rows"),
        AnonymizationPhase.Reading when p.Rows > 0 => string.Create(CultureInfo.InvariantCulture, $"{p.Rows:N0} rows"),
        AnonymizationPhase.Searching when p.Search is { } search => string.Create(CultureInfo.InvariantCulture, $"{search.NodesChecked:N0} checked"),
        AnonymizationPhase.Writing when p.TotalRows is { } total => string.Create(CultureInfo.InvariantCulture, $"{p.Rows:N0} of {total:N0} rows"),
        _ => null,
    };
}
