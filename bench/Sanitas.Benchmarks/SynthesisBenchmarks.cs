using BenchmarkDotNet.Attributes;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Benchmarks;

/// <summary>
/// MST on ARX's Adult (30,162 rows, 9 columns, samples/adult/adult-synth.yaml: age in 16 five-year
/// bins) at δ = 1e-9 and ε ∈ {0.1, 1, 10}: the whole synthesis (noisy marginals with the exact
/// discrete Gaussian from <see cref="SecureRandom"/>, the exponential-mechanism tree, 3,000
/// mirror-descent iterations, sampling and decoding), against the reference Private-PGM's ~105 s.
/// </summary>
public class SynthesisBenchmarks
{
    private Table _adult = null!;
    private SynthesisConfig _config = null!;

    /// <summary>ε of the run.</summary>
    [Params(0.1, 1.0, 10.0)]
    public double Epsilon { get; set; } = 1;

    /// <summary>Reads Adult and its domain.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _adult = AdultData.Read();
        _config = SynthesisConfig.Load(Path.Combine(AdultData.Folder, "adult-synth.yaml"));
    }

    /// <summary>One MST synthesis of Adult.</summary>
    [Benchmark]
    public int Mst() => Synthesizer.Synthesize(_adult, _config,
        new SynthesisOptions { Mechanism = "mst", Epsilon = Epsilon, Delta = 1e-9 }, SecureRandom.Instance).Synthetic.RowCount;
}
