using Sanitas.Cli.Rendering;

namespace Sanitas.Cli.Demo;

/// <summary>What a demo step gets: where the samples are, where to write, how to print, and cancellation.</summary>
internal sealed record DemoContext(ICliConsole Console, string SamplesDirectory, string OutputDirectory, CancellationToken CancellationToken)
{
    /// <summary>A file in the samples folder, such as <c>adult/adult.csv</c>.</summary>
    public string Sample(string relativePath) => Path.Combine(SamplesDirectory, relativePath);

    /// <summary>A file in the output folder.</summary>
    public string Output(string fileName) => Path.Combine(OutputDirectory, fileName);
}
