using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Benchmarks;

/// <summary>
/// One synthesis of ARX's Adult (samples/adult/adult-synth.yaml, ε = 1, δ = 1e-9) per mechanism, with a
/// short job (one launch, one warm-up, three measured single invocations: BenchmarkDotNet's monitoring
/// strategy for long operations), in process (no generated project to build, so the host's GC settings
/// apply), so that the AIM fit finishes in minutes:
/// <c>dotnet run -c Release --project bench/Sanitas.Benchmarks -- --synth-fit</c>. Noise from
/// <see cref="SecureRandom"/>: AIM's adaptive rounds differ between invocations, so its time varies.
/// </summary>
public class SynthesisFitBenchmarks
{
    private Table _adult = null!;
    private SynthesisConfig _config = null!;

    /// <summary>
    /// The short job: one launch, one warm-up, three single-invocation iterations, in process, with a two-hour
    /// limit (the in-process toolchain's default of 5 minutes stopped the AIM case at load 40).
    /// </summary>
    internal static IConfig ShortConfig() => new BenchmarkConfigWithoutJob()
        .AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            .WithGcConcurrent(false).WithToolchain(new BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: true)).WithId("Short"));

    /// <summary>Reads Adult and its domain.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _adult = AdultData.Read();
        _config = SynthesisConfig.Load(Path.Combine(AdultData.Folder, "adult-synth.yaml"));
    }

    /// <summary>MST at ε = 1.</summary>
    [Benchmark]
    public int Mst() => Run("mst");

    /// <summary>AIM at ε = 1, workload all 2- and 3-way marginals.</summary>
    [Benchmark]
    public int Aim() => Run("aim");

    /// <summary>PrivBayes at ε = 1, degree by θ-usefulness.</summary>
    [Benchmark]
    public int PrivBayes() => Run("privbayes");

    private int Run(string mechanism) => Synthesizer.Synthesize(_adult, _config,
        new SynthesisOptions { Mechanism = mechanism, Epsilon = 1, Delta = 1e-9 }, SecureRandom.Instance).Synthetic.RowCount;

    /// <summary>The logger, columns and exporter of <see cref="BenchmarkConfig"/> without its ten-iteration job.</summary>
    private sealed class BenchmarkConfigWithoutJob : ManualConfig
    {
        public BenchmarkConfigWithoutJob()
        {
            AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
            AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
            AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance);
            AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
        }
    }
}
