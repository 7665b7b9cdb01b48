namespace Sanitas.Cli.Demo;

/// <summary>One step of <c>sanitas demo</c>; each component adds its own to <see cref="DemoSteps.All"/>.</summary>
internal interface IDemoStep
{
    /// <summary>The heading printed before the step.</summary>
    string Title { get; }

    /// <summary>Runs the step: reads from <see cref="DemoContext.SamplesDirectory"/>, writes to <see cref="DemoContext.OutputDirectory"/>, prints through <see cref="DemoContext.Console"/>.</summary>
    void Run(DemoContext context);
}
