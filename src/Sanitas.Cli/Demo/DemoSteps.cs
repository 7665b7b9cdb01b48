namespace Sanitas.Cli.Demo;

/// <summary>The steps of <c>sanitas demo</c>, in order. Add a component's step here.</summary>
internal static class DemoSteps
{
    public static IReadOnlyList<IDemoStep> All { get; } =
    [
        new AdultKAnonymityDemo(),
        new AdultRiskDemo(),
        new TrialDpQueryDemo(),
    ];
}
