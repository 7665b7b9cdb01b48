using BenchmarkDotNet.Attributes;
using Sanitas.Privacy;
using Sanitas.Risk.Attacks;
using Sanitas.Samples;

namespace Sanitas.Benchmarks;

/// <summary>
/// Time-series linkage on the clinical-trial sample: every one of 300 patients' observed traces
/// (shifted by 2 measurements, noise σ 0.1 °C) against all 300 released traces, z-normalized, band
/// 10% — 90,000 DTW comparisons brute force, against the UCR-style search with LB_Keogh pruning
/// and early abandoning. One thread, so the numbers compare the algorithms.
/// </summary>
public class AttackBenchmarks
{
    private double[][] _targets = null!;
    private DtwNearestNeighbourSearch _search = null!;

    /// <summary>Measurements per trace (56: four weeks; 112: eight weeks).</summary>
    [Params(56, 112)]
    public int Period { get; set; }

    /// <summary>Simulates the trial and builds references and targets.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var traces = ClinicalTrialReadings.Traces(ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 300 }).Readings);
        var scenario = new TraceLinkageScenario { PeriodLength = Period, Transformation = new TraceTransformation(Shift: 2, NoiseSigma: 0.1) };
        var (references, targets) = scenario.Build(traces, new SeededRandomForTests(1));
        _targets = targets;
        _search = new DtwNearestNeighbourSearch(references, (int)Math.Ceiling(0.1 * Period), zNormalize: true);
    }

    /// <summary>All pairs with LB_Keogh pruning and early abandoning.</summary>
    [Benchmark]
    public int AllPairsPruned()
    {
        var sum = 0;
        foreach (var t in _targets)
        {
            sum += _search.Search(t).Index;
        }
        return sum;
    }

    /// <summary>All pairs, every DTW in full.</summary>
    [Benchmark(Baseline = true)]
    public int AllPairsBruteForce()
    {
        var sum = 0;
        foreach (var t in _targets)
        {
            sum += _search.SearchBruteForce(t).Index;
        }
        return sum;
    }
}
