using MathNet.Numerics.Distributions;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Black-box audits of the synthesizers' releases on neighbouring datasets (D, and D without one
/// person): run the release many times on each, count an output event, and turn the two counts into
/// an empirical lower bound on ε with Clopper–Pearson intervals (Jagielski, Ullman &amp; Oprea 2020;
/// Nasr et al. 2021): ε ≥ ln((p̂₁⁻ − δ) / p̂₀⁺). The bound must not exceed the claimed ε. The seeded
/// source makes the test reproducible; the mechanism under test is the one a release runs.
/// </summary>
public sealed class SynthesisAuditTests
{
    /// <summary>The empirical lower bound on ε from event counts, at 95% confidence for each side (Bonferroni over <paramref name="tests"/> events).</summary>
    private static double EpsilonLowerBound(int hitsOnD, int hitsOnNeighbour, int trials, double delta, int tests)
    {
        var alpha = 0.05 / tests;
        var lowerD = hitsOnD == 0 ? 0 : Beta.InvCDF(hitsOnD, trials - hitsOnD + 1, alpha / 2);
        var upperNeighbour = hitsOnNeighbour == trials ? 1 : Beta.InvCDF(hitsOnNeighbour + 1, trials - hitsOnNeighbour, 1 - (alpha / 2));
        return lowerD - delta <= 0 ? 0 : Math.Log((lowerD - delta) / upperNeighbour);
    }

    private static EncodedTable Table(int[][] rows, int[] sizes) =>
        new([.. Enumerable.Range(0, sizes.Length).Select(a => rows.Select(r => r[a]).ToArray())], sizes);

    [Fact]
    public void A_noisy_marginal_leaks_no_more_than_its_claimed_epsilon()
    {
        const double Rho = 0.05, Delta = 1e-6;
        const int Trials = 20_000;
        var claimed = PrivacyConversions.ToApproximateDp(new ZeroConcentratedDp(Rho), Delta).Epsilon;
        int[] sizes = [3];
        var d = Table([.. Enumerable.Repeat(new[] { 0 }, 10), [1], [2]], sizes);
        var neighbour = Table([.. Enumerable.Repeat(new[] { 0 }, 9), [1], [2]], sizes);
        var random = new SeededRandomForTests(2024);
        var sigma = NoisyMarginals.Sigma(Rho);
        // Events: the first cell's noisy count at or above 10 + kσ, for a few k.
        double[] ks = [0, 1, 2];
        var hits = new int[2, ks.Length];
        for (var t = 0; t < Trials; t++)
        {
            var y1 = NoisyMarginals.Measure(d, [0], Rho, random).Values[0];
            var y0 = NoisyMarginals.Measure(neighbour, [0], Rho, random).Values[0];
            for (var k = 0; k < ks.Length; k++)
            {
                hits[0, k] += y1 >= 10 + (ks[k] * sigma) ? 1 : 0;
                hits[1, k] += y0 >= 10 + (ks[k] * sigma) ? 1 : 0;
            }
        }
        var best = Enumerable.Range(0, ks.Length).Max(k => EpsilonLowerBound(hits[0, k], hits[1, k], Trials, Delta, ks.Length));
        Assert.True(best <= claimed, $"empirical ε ≥ {best:F3} exceeds the claimed {claimed:F3}");
        // The audit has power: the neighbouring counts are told apart (a noiseless count would give ε ≥ ln(Trials)).
        Assert.True(best > 0.2, $"empirical ε ≥ {best:F3}: the audit could not tell D from its neighbour at all");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Mst_end_to_end_leaks_no_more_than_its_claimed_epsilon()
    {
        // Three binary columns; the target person is the only (1, 1, 1) row. Everything MST releases
        // — the synthetic rows, made from the noisy 1-way marginals, the exponential-mechanism tree and
        // the noisy 2-way marginals — is observed through the synthetic table.
        // A large ε so that one person's effect on the synthetic table shows through MST's noise at this size.
        const double Epsilon = 10, Delta = 1e-5;
        const int Trials = 1_000;
        var config = new SynthesisConfig([SynthesisColumn.Categorical("a", ["0", "1"]), SynthesisColumn.Categorical("b", ["0", "1"]), SynthesisColumn.Categorical("c", ["0", "1"])]);
        var rows = Enumerable.Range(0, 12).Select(i => new[] { (i % 2).ToString(), (i % 3 == 0 ? 1 : 0).ToString(), "0" }).ToList();
        var neighbour = ToTable(rows);
        var d = ToTable([.. rows, ["1", "1", "1"]]);
        var options = new SynthesisOptions { Mechanism = "mst", Epsilon = Epsilon, Delta = Delta, Iterations = 100, Rows = 13 };
        var random = new SeededRandomForTests(77);
        int[] thresholds = [1, 2, 3];
        var hits = new int[2, thresholds.Length];
        for (var t = 0; t < Trials; t++)
        {
            for (var side = 0; side < 2; side++)
            {
                var synthetic = Synthesizer.Synthesize(side == 0 ? d : neighbour, config, options, random).Synthetic;
                var target = Enumerable.Range(0, synthetic.RowCount).Count(r => synthetic["b"][r] == "1" && synthetic["c"][r] == "1");
                for (var k = 0; k < thresholds.Length; k++)
                {
                    hits[side, k] += target >= thresholds[k] ? 1 : 0;
                }
            }
        }
        var best = Enumerable.Range(0, thresholds.Length).Max(k => EpsilonLowerBound(hits[0, k], hits[1, k], Trials, Delta, thresholds.Length));
        Assert.True(best <= Epsilon, $"empirical ε ≥ {best:F3} exceeds the claimed {Epsilon}");
        Assert.True(best > 0.05, $"empirical ε ≥ {best:F3}: the audit saw no difference at all");
    }

    /// <summary>
    /// D: twelve rows of three binary columns plus the target person, the only (1, 1, 1) row; D′: D without
    /// the target. Events: the synthetic table has at least t rows with b = 1 and c = 1. Returns the best
    /// empirical ε lower bound over the thresholds.
    /// </summary>
    private static double EndToEndBound(SynthesisOptions options, int trials, ulong seed)
    {
        var config = new SynthesisConfig([SynthesisColumn.Categorical("a", ["0", "1"]), SynthesisColumn.Categorical("b", ["0", "1"]), SynthesisColumn.Categorical("c", ["0", "1"])]);
        var rows = Enumerable.Range(0, 12).Select(i => new[] { (i % 2).ToString(), (i % 3 == 0 ? 1 : 0).ToString(), "0" }).ToList();
        var neighbour = ToTable(rows);
        var d = ToTable([.. rows, ["1", "1", "1"]]);
        var random = new SeededRandomForTests(seed);
        int[] thresholds = [1, 2, 3];
        var hits = new int[2, thresholds.Length];
        for (var t = 0; t < trials; t++)
        {
            for (var side = 0; side < 2; side++)
            {
                var synthetic = Synthesizer.Synthesize(side == 0 ? d : neighbour, config, options, random).Synthetic;
                var target = Enumerable.Range(0, synthetic.RowCount).Count(r => synthetic["b"][r] == "1" && synthetic["c"][r] == "1");
                for (var k = 0; k < thresholds.Length; k++)
                {
                    hits[side, k] += target >= thresholds[k] ? 1 : 0;
                }
            }
        }
        return Enumerable.Range(0, thresholds.Length).Max(k => EpsilonLowerBound(hits[0, k], hits[1, k], trials, options.Delta, thresholds.Length));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Aim_end_to_end_with_its_adaptive_rounds_leaks_no_more_than_its_claimed_epsilon()
    {
        // Everything AIM releases passes through the synthetic table: the noisy 1-way marginals, each round's
        // exponential-mechanism choice among the workload's marginals (scored against the current model), its
        // noisy measurement, the annealing (σ halves, ε doubles when a measurement barely moved the model) and
        // the last round's exact use of what is left. Eight rounds so that 2 × 800 runs stay fast.
        const double Epsilon = 10, Delta = 1e-5;
        var options = new SynthesisOptions { Mechanism = "aim", Epsilon = Epsilon, Delta = Delta, WorkloadDegree = 2, Rounds = 8, RoundIterations = 50, Iterations = 100, Rows = 13 };
        var best = EndToEndBound(options, 800, 78);
        Assert.True(best <= Epsilon, $"empirical ε ≥ {best:F3} exceeds the claimed {Epsilon}");
        Assert.True(best > 0.05, $"empirical ε ≥ {best:F3}: the audit saw no difference at all");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void PrivBayes_end_to_end_leaks_no_more_than_its_claimed_epsilon()
    {
        // The released table carries the uniformly drawn first column, the exponential mechanism's network and
        // the noisy conditionals. At ε = 4 the target's (b, c) cell is 1 against 0 under σ ≈ 2.7 per joint.
        const double Epsilon = 4, Delta = 1e-5;
        var options = new SynthesisOptions { Mechanism = "privbayes", Epsilon = Epsilon, Delta = Delta, MaxParents = 2, Rows = 13 };
        var best = EndToEndBound(options, 3000, 79);
        Assert.True(best <= Epsilon, $"empirical ε ≥ {best:F3} exceeds the claimed {Epsilon}");
        Assert.True(best > 0.05, $"empirical ε ≥ {best:F3}: the audit saw no difference at all");
    }

    private static Table ToTable(IReadOnlyList<string[]> rows) =>
        new(new[] { "a", "b", "c" }.Select((name, j) => Column.FromValues(name, rows.Select(r => r[j]))));

    [Fact]
    [Trait("Category", "Slow")]
    public void The_time_series_release_leaks_no_more_than_its_claimed_epsilon_per_patient()
    {
        // D: six simulated patients plus an outlier (every reading 6 °C hotter, so each parameter sits at a
        // bound); D′: the same without the outlier. The event: a projection of the released means.
        // ε = 16: at smaller ε one patient's shift is too small against the noise for 2,000 trials to see.
        const double Epsilon = 16, Delta = 1e-6;
        const int Trials = 2000;
        var options = new TrialTimeSeriesOptions { Epsilon = Epsilon, Delta = Delta, MaxMeasurements = 40 };
        var rho = TrialTimeSeriesSynthesizer.Validate(options);
        var others = PatientTraces.Read(Sanitas.Samples.ClinicalTrialGenerator.Generate(new Sanitas.Samples.ClinicalTrialOptions { Patients = 6, Seed = 7 }).Readings, options);
        var outlier = others[0].Select(m => new PatientTraces.Measurement(m.Time, [.. m.Cells.Select((c, i) => c + 6 + (i == 0 ? 3 : 0))])).ToArray();
        List<PatientTraces.Measurement[]> d = [.. others, outlier];
        var random = new SeededRandomForTests(99);
        double[] Means(IReadOnlyList<PatientTraces.Measurement[]> data) => TrialTimeSeriesSynthesizer.Release(data, options, rho, random, CancellationToken.None).Means;
        // A pilot (not counted) picks the direction the outlier moves the means.
        var pilotD = Enumerable.Range(0, 200).Select(_ => Means(d)).ToArray();
        var pilotN = Enumerable.Range(0, 200).Select(_ => Means(others)).ToArray();
        var direction = Enumerable.Range(0, pilotD[0].Length).Select(i => pilotD.Average(m => m[i]) - pilotN.Average(m => m[i])).ToArray();
        double Project(double[] means) => means.Select((m, i) => m * direction[i]).Sum();
        var onD = Enumerable.Range(0, Trials).Select(_ => Project(Means(d))).ToArray();
        var onNeighbour = Enumerable.Range(0, Trials).Select(_ => Project(Means(others))).ToArray();
        var middle = (onD.Average() + onNeighbour.Average()) / 2;
        var spread = Math.Abs(onD.Average() - onNeighbour.Average());
        var best = new[] { middle - spread, middle, middle + spread, middle + (2 * spread) }
            .Max(t => EmpiricalPrivacy.EpsilonLowerBound(onD, onNeighbour, t, Delta));
        Assert.True(best <= Epsilon, $"empirical ε ≥ {best:F3} exceeds the claimed {Epsilon}");
        Assert.True(best > 0.2, $"empirical ε ≥ {best:F3}: the audit could not tell D from its neighbour at all");
    }
}
