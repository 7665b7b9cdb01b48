using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Sanitas.Benchmarks;

/// <summary>
/// The settings the command-line tool runs with (src/Sanitas.Cli/runtimeconfig.template.json and
/// the ./sanitas launcher): workstation GC without background collection, a raised large-object
/// threshold and a 256 MB gen-0 budget, so the short-lived class arrays of a search die young
/// instead of triggering full collections.
/// </summary>
internal sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithGcConcurrent(false)
            .WithEnvironmentVariables(
                new EnvironmentVariable("DOTNET_GCLOHThreshold", "0x7A1200"),
                new EnvironmentVariable("DOTNET_GCgen0size", "0x10000000")));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
    }
}
