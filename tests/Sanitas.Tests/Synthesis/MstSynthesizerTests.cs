using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Tests.Synthesis;

public sealed class MstSynthesizerTests
{
    private static readonly Lazy<(Table Table, SynthesisConfig Config)> Adult = new(() =>
    {
        string[] keep = ["sex", "age", "race", "marital-status", "salary-class"];
        var config = SynthesisConfig.Load(TestData.Adult("adult-synth.yaml"));
        return (CsvReader.Read(TestData.Adult("adult.csv")).Select(keep), config with { Columns = [.. config.Columns.Where(c => keep.Contains(c.Name))] });
    });

    private static (SynthesisResult Result, double TwoWay) Run(double epsilon, ulong seed, string mechanism = "mst")
    {
        var (table, config) = Adult.Value;
        var result = Synthesizer.Synthesize(table, config, new SynthesisOptions { Mechanism = mechanism, Epsilon = epsilon, Delta = 1e-9, Iterations = 500, WorkloadDegree = 2 },
            new SeededRandomForTests(seed));
        var evaluation = SyntheticDataEvaluator.Evaluate(table, result.Synthetic, config, maxDegree: 2);
        return (result, evaluation.Marginals[1].Mean);
    }

    [Fact]
    public void The_budget_is_split_in_thirds_as_in_the_paper_and_spent_exactly()
    {
        var (result, _) = Run(1, 1);
        var log = result.Log;
        var d = 5;
        Assert.Equal(ZeroConcentratedBudget.RhoFor(1, 1e-9), log.Rho);
        Assert.Equal(log.Rho, log.RhoSpent, 12);
        var oneWay = log.Steps.Where(s => s.Kind == "measure" && s.Attributes.Count == 1).ToList();
        var selections = log.Steps.Where(s => s.Kind == "select").ToList();
        var twoWay = log.Steps.Where(s => s.Kind == "measure" && s.Attributes.Count == 2).ToList();
        Assert.Equal(d, oneWay.Count);
        Assert.Equal(d - 1, selections.Count);
        Assert.Equal(d - 1, twoWay.Count);
        Assert.Equal(log.Rho / 3, oneWay.Sum(s => s.Rho), 12);
        Assert.Equal(log.Rho / 3, selections.Sum(s => s.Rho), 12);
        Assert.Equal(log.Rho / 3, twoWay.Sum(s => s.Rho), 12);
        // The selected pairs form a spanning tree: d − 1 edges, no cycle.
        var sets = new DisjointSets(d);
        var names = new[] { "sex", "age", "race", "marital-status", "salary-class" };
        foreach (var s in selections)
        {
            Assert.True(sets.Union(Array.IndexOf(names, s.Attributes[0]), Array.IndexOf(names, s.Attributes[1])));
        }
        // Synthetic values stay in the declared domain: whole ages inside 15–94.
        var ages = result.Synthetic["age"];
        Assert.All(Enumerable.Range(0, ages.RowCount), i => Assert.InRange(int.Parse(ages[i]!, System.Globalization.CultureInfo.InvariantCulture), 15, 94));
    }

    [Fact]
    public void The_marginals_error_shrinks_as_epsilon_grows()
    {
        var low = Enumerable.Range(0, 3).Select(s => Run(0.05, (ulong)s + 10).TwoWay).Average();
        var high = Enumerable.Range(0, 3).Select(s => Run(5, (ulong)s + 20).TwoWay).Average();
        Assert.True(low > high, $"2-way TVD at ε = 0.05: {low}; at ε = 5: {high}");
        Assert.True(high < 0.03, $"2-way TVD at ε = 5: {high}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Aim_spends_its_budget_exactly_with_annealing()
    {
        var (result, twoWay) = Run(1, 3, "aim");
        var log = result.Log;
        Assert.Equal(log.Rho, log.RhoSpent, 9);
        Assert.Contains(log.Steps, s => s.Kind == "select" && s.Attributes.Count == 2);
        Assert.True(twoWay < 0.05, $"2-way TVD {twoWay}");
    }

    [Fact]
    public void The_rho_of_an_epsilon_delta_request_is_the_largest_that_converts_back_within_delta()
    {
        foreach (var (epsilon, delta) in new[] { (0.1, 1e-9), (1.0, 1e-9), (10.0, 1e-9), (1.0, 1e-5) })
        {
            var rho = ZeroConcentratedBudget.RhoFor(epsilon, delta);
            Assert.True(PrivacyConversions.DeltaForEpsilon(new ZeroConcentratedDp(rho), epsilon) <= delta);
            Assert.True(PrivacyConversions.DeltaForEpsilon(new ZeroConcentratedDp(rho * 1.001), epsilon) > delta);
            Assert.True(PrivacyConversions.ToApproximateDp(new ZeroConcentratedDp(rho), delta).Epsilon <= epsilon * (1 + 1e-9));
        }
    }
}
