using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;
using Sanitas.Synthesis.Gan;
using Xunit.Abstractions;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Black-box audit of DP-CTGAN's release (the synthetic table) on neighbouring datasets: D, and D
/// without one person, many runs each; the event "at least t synthetic rows have b = 1" turned into an
/// empirical lower bound on ε with Clopper–Pearson intervals (<see cref="EmpiricalPrivacy"/>). What the
/// table reveals of the person comes through the noisy 1-way marginals (the conditions) and through
/// the generator, trained against the DP-SGD discriminator; the bound must stay below the claimed ε.
/// </summary>
public sealed class DpCtganAuditTests(ITestOutputHelper output)
{
    private static readonly SynthesisConfig Config = new([
        SynthesisColumn.Categorical("a", ["0", "1"]), SynthesisColumn.Categorical("b", ["0", "1"]), SynthesisColumn.Categorical("c", ["0", "1"]),
    ]);

    private static Table ToTable(IReadOnlyList<string[]> rows) =>
        new(new[] { "a", "b", "c" }.Select((name, j) => Column.FromValues(name, rows.Select(r => r[j]))));

    [Fact(Skip = "No power yet: with σ given (no per-run search) 2 × 800 runs finish in ~2 min, but the count of b = 1 rows is 24.11 on D and 24.02 on D′ (bound 0.000): the small generator does not follow its conditions. Needs a statistic that sees the noisy marginals or a generator that learns; until then DP-CTGAN is un-audited.")]
    [Trait("Category", "Slow")]
    public void Dp_ctgan_end_to_end_leaks_no_more_than_its_claimed_epsilon()
    {
        // ε = 10 (half of ρ on the marginals, a declared choice) so that one person of 13 shows through the noise at all.
        const double Epsilon = 10, Delta = 1e-5;
        const int Trials = 800;
        var rows = Enumerable.Range(0, 12).Select(i => new[] { (i % 2).ToString(CultureInfo.InvariantCulture), "0", (i % 3 == 0 ? 1 : 0).ToString(CultureInfo.InvariantCulture) }).ToList();
        var neighbour = ToTable(rows);
        var d = ToTable([.. rows, ["1", "1", "1"]]);
        var options = new SynthesisOptions
        {
            Mechanism = "dpctgan",
            Epsilon = Epsilon,
            Delta = Delta,
            Rows = 60,
            DpCtgan = new DpCtganOptions { Steps = 8, BatchSize = 4, MarginalShare = 0.5, GeneratorLayers = [8], DiscriminatorLayers = [8], LatentDimension = 4, GeneratorLearningRate = 0.01, DiscriminatorLearningRate = 0.01 },
        };
        // σ solved once for the worst sampling rate q = 1, so it fits every run's q = B/N̂ and no run searches for σ
        // (the release is the mechanism with a given σ that fits: the accountant still checks it in every run).
        var rho = Synthesizer.Validate(options);
        var sigma = DpCtganAccountant.NoiseMultiplier(options.DpCtgan.MarginalShare * rho, 1, options.DpCtgan.Steps!.Value, Epsilon, Delta)!.Value;
        options = options with { DpCtgan = options.DpCtgan with { NoiseMultiplier = sigma } };
        var random = new SeededRandomForTests(123);
        double Statistic(Table data)
        {
            var synthetic = Synthesizer.Synthesize(data, Config, options, random).Synthetic;
            var b = synthetic["b"];
            return Enumerable.Range(0, synthetic.RowCount).Count(r => b[r] == "1");
        }
        var onD = Enumerable.Range(0, Trials).Select(_ => Statistic(d)).ToArray();
        var onNeighbour = Enumerable.Range(0, Trials).Select(_ => Statistic(neighbour)).ToArray();
        var (meanD, meanN) = (onD.Average(), onNeighbour.Average());
        var best = Enumerable.Range(0, 21).Select(k => 3 * k).Max(t => EmpiricalPrivacy.EpsilonLowerBound(onD, onNeighbour, t, Delta));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean rows with b = 1: {meanD:F2} on D, {meanN:F2} on D′; empirical ε ≥ {best:F3} (claimed {Epsilon})"));
        Assert.True(best <= Epsilon, $"empirical ε ≥ {best:F3} exceeds the claimed {Epsilon}");
        Assert.True(best > 0.05, $"empirical ε ≥ {best:F3}: the audit could not tell D from its neighbour at all");
    }
}
