using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;
using Sanitas.Tests.Support;

namespace Sanitas.Tests.Synthesis;

public sealed class PrivBayesSynthesizerTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e", "f"];

    /// <summary>A table whose columns depend on each other: b copies a most of the time, c depends on a and b, the rest is noise.</summary>
    private static EncodedTable Correlated(int rows, ulong seed, int width = 6)
    {
        var random = new BufferedRandom(new SeededRandomForTests(seed));
        int[] sizes = [3, 3, 2, 4, 2, 3];
        var codes = new int[width][];
        for (var j = 0; j < width; j++)
        {
            codes[j] = new int[rows];
        }
        for (var r = 0; r < rows; r++)
        {
            var a = random.Below(3);
            codes[0][r] = a;
            if (width > 1)
            {
                codes[1][r] = random.Below(10) < 8 ? a : random.Below(3);
            }
            if (width > 2)
            {
                codes[2][r] = (a + codes[1][r]) % 2 == 0 ? (random.Below(10) < 9 ? 1 : 0) : random.Below(2);
            }
            for (var j = 3; j < width; j++)
            {
                codes[j][r] = random.Below(sizes[j]);
            }
        }
        return new EncodedTable(codes, sizes[..width]);
    }

    private static PrivBayesModel Fit(EncodedTable data, double rho, SynthesisOptions options, ulong seed, List<SynthesisStep>? steps = null) =>
        PrivBayesSynthesizer.Fit(data, Names[..data.Width], rho, options, new SeededRandomForTests(seed), steps ?? [], null, CancellationToken.None);

    private static SynthesisOptions Options(int? maxParents = null) => new() { Mechanism = "privbayes", Epsilon = 1, Delta = 1e-9, MaxParents = maxParents };

    [Fact]
    public void The_network_is_a_dag_in_topological_order_with_k_parents_per_node()
    {
        var data = Correlated(2000, 1);
        foreach (var k in new[] { 1, 2, 3 })
        {
            for (ulong seed = 0; seed < 5; seed++)
            {
                var model = Fit(data, 0.5, Options(k), seed);
                Assert.Equal(data.Width, model.Network.Count);
                Assert.Equal(Enumerable.Range(0, data.Width), model.Network.Select(n => n.Attribute).Order());
                var earlier = new HashSet<int>();
                for (var i = 0; i < model.Network.Count; i++)
                {
                    var node = model.Network[i];
                    // Every parent comes earlier (so the network is acyclic and the order topological); the fixed-k
                    // version of the paper gives node i exactly min(k, i) parents.
                    Assert.All(node.Parents, p => Assert.Contains(p, earlier));
                    Assert.Equal(Math.Min(k, i), node.Parents.Length);
                    Assert.Equal(node.Parents.Order(), node.Parents);
                    earlier.Add(node.Attribute);
                }
            }
        }
    }

    [Fact]
    public void With_a_huge_budget_the_conditionals_are_the_datas_and_the_dependence_is_found()
    {
        var data = Correlated(3000, 2);
        var model = Fit(data, 1e9, Options(2), 3);
        for (var i = 0; i < model.Network.Count; i++)
        {
            var node = model.Network[i];
            var exact = PrivBayesSynthesizer.Conditional(data.Histogram(node.Marginal), data.Sizes[node.Attribute]);
            var noisy = model.Conditionals[i];
            Assert.Equal(exact.Length, noisy.Length);
            Assert.All(Enumerable.Range(0, exact.Length), j => Assert.Equal(exact[j], noisy[j], 3));
        }
        Assert.Equal(3000, model.EstimatedRows, 0);
        // a and b are strongly dependent: whichever of them comes later has the other as a parent.
        var later = model.Network.First(n => n.Attribute is 0 or 1) == model.Network.First(n => n.Attribute == 0)
            ? model.Network.Single(n => n.Attribute == 1)
            : model.Network.Single(n => n.Attribute == 0);
        Assert.Contains(1 - later.Attribute, later.Parents);
        // And the sample follows the data: the share of rows with b = a is about 0.8 + 0.2/3.
        var codes = PrivBayesSynthesizer.Sample(model, 20_000, new BufferedRandom(new SeededRandomForTests(4)));
        var same = Enumerable.Range(0, 20_000).Count(r => codes[0][r] == codes[1][r]) / 20_000.0;
        var real = Enumerable.Range(0, data.Rows).Count(r => data.Codes[0][r] == data.Codes[1][r]) / (double)data.Rows;
        Assert.Equal(real, same, 1);
        Assert.InRange(Math.Abs(real - same), 0, 0.02);
    }

    [Fact]
    public void Each_selection_follows_the_exponential_mechanism_with_the_stated_epsilon_and_sensitivity()
    {
        // Three columns, one parent: after the first (uniform) column, the second selection is among the two
        // remaining columns with the first as parent, with probability ∝ exp(ε_s · score / (2 · 2)).
        var data = Correlated(400, 5, width: 3);
        const double RhoNetwork = 0.0004;
        var epsilon = Math.Sqrt(8 * RhoNetwork / 2);
        var random = new SeededRandomForTests(6);
        const int Trials = 6000;
        var firsts = new int[3];
        var picks = new int[3, 3];
        for (var t = 0; t < Trials; t++)
        {
            var network = PrivBayesSynthesizer.BuildNetwork(data, Names[..3], RhoNetwork, 1, PrivBayesSynthesizer.MaxCells, random, [], null, CancellationToken.None);
            firsts[network[0].Attribute]++;
            picks[network[0].Attribute, network[1].Attribute]++;
        }
        // The first column is uniform.
        Assert.All(firsts, f => Assert.InRange(f, (Trials / 3) - 200, (Trials / 3) + 200));
        double worst = 0, farthestFromCoin = 0;
        for (var first = 0; first < 3; first++)
        {
            var others = Enumerable.Range(0, 3).Where(x => x != first).ToArray();
            var scores = others.Select(x => PrivBayesSynthesizer.Score(data, new AttributeParents(x, [first]))).ToArray();
            var weights = scores.Select(s => Math.Exp(epsilon * s / (2 * PrivBayesSynthesizer.ScoreSensitivity))).ToArray();
            var p = weights[0] / weights.Sum();
            var n = firsts[first];
            var observed = picks[first, others[0]];
            var z = Math.Abs(observed - (n * p)) / Math.Sqrt(n * p * (1 - p));
            worst = Math.Max(worst, z);
            farthestFromCoin = Math.Max(farthestFromCoin, Math.Abs(p - 0.5));
        }
        // The test has power: with a as the parent, b (its near copy) is much likelier than c.
        Assert.True(farthestFromCoin > 0.2, $"the selection probabilities are all within {farthestFromCoin:F2} of a coin");
        Assert.True(worst < 4.5, $"an observed selection frequency is {worst:F1} standard deviations from the exponential mechanism's");
    }

    [Fact]
    public void The_score_moves_by_less_than_its_sensitivity_when_one_row_is_added_or_removed()
    {
        var random = new BufferedRandom(new SeededRandomForTests(8));
        var largest = 0.0;
        for (var trial = 0; trial < 400; trial++)
        {
            var values = 2 + random.Below(3);
            var groups = 1 + random.Below(4);
            var rows = 1 + random.Below(12);
            var joint = new double[groups * values];
            for (var r = 0; r < rows; r++)
            {
                // Skewed tables give the largest moves.
                joint[random.Below(2) == 0 ? 0 : random.Below(joint.Length)]++;
            }
            var before = PrivBayesSynthesizer.Score(joint, values);
            for (var cell = 0; cell < joint.Length; cell++)
            {
                joint[cell]++;
                largest = Math.Max(largest, Math.Abs(PrivBayesSynthesizer.Score(joint, values) - before));
                joint[cell] -= 2;
                if (joint[cell] >= 0)
                {
                    largest = Math.Max(largest, Math.Abs(PrivBayesSynthesizer.Score(joint, values) - before));
                }
                joint[cell]++;
            }
        }
        Assert.True(largest < PrivBayesSynthesizer.ScoreSensitivity, $"a score moved by {largest}");
        // The bound is not loose by much: some neighbour moves the score by more than 1.
        Assert.True(largest > 1, $"the largest move was only {largest}");
    }

    [Fact]
    public void Parent_sets_are_the_maximal_ones_within_the_degree_and_the_cell_limit()
    {
        int[] sizes = [2, 3, 4, 5, 2];
        // X = 4 (2 cells), available 0..3, at most 2 parents, at most 24 cells: {0,1} 12, {0,2} 16, {0,3} 20, {1,2} 24
        // are maximal; {1,3} = 30 and {2,3} = 40 are too big, so {3} alone can still take 0 → not maximal alone.
        var sets = PrivBayesSynthesizer.ParentSets([0, 1, 2, 3], sizes, 4, 2, 24).Select(s => string.Join(",", s)).Order().ToArray();
        Assert.Equal(["0,1", "0,2", "0,3", "1,2"], sets);
        // With a limit below X's own cells nothing fits: the empty set.
        Assert.Equal([string.Empty], PrivBayesSynthesizer.ParentSets([0, 1], sizes, 3, 3, 4).Select(s => string.Join(",", s)));
        // θ-usefulness: 30,162 rows, σ ≈ 20.7, θ = 4 → 364 cells (Adult at ε = 1).
        Assert.Equal(364, PrivBayesSynthesizer.UsefulCells(30_162, 20.7, 4));
        Assert.Equal(1, PrivBayesSynthesizer.UsefulCells(-5, 20.7, 4));
    }

    [Fact]
    public void Theta_usefulness_keeps_every_measured_joint_within_the_cell_limit()
    {
        var data = Correlated(1500, 9);
        const double Rho = 0.02;
        var steps = new List<SynthesisStep>();
        var model = Fit(data, Rho, Options(), 10, steps);
        var count = steps[0];
        Assert.Empty(count.Attributes);
        Assert.Equal(PrivBayesSynthesizer.CountShare * Rho, count.Rho, 12);
        var sigma = NoisyMarginals.Sigma((1 - PrivBayesSynthesizer.NetworkShare) * (1 - PrivBayesSynthesizer.CountShare) * Rho / data.Width);
        var limit = PrivBayesSynthesizer.UsefulCells(1500 + (6 * count.Sigma), sigma, 4);
        Assert.All(model.Network.Where(n => n.Parents.Length > 0), n => Assert.InRange(Factor.CellCount(n.Marginal, data.Sizes), 1, limit));
        // The limit binds here (≈ 1500/(4·σ) cells, σ ≈ 27): not every node can take 4 parents.
        Assert.InRange(limit, 6, 30);
    }

    [Fact]
    public void The_budget_is_split_as_the_class_states_and_spent_exactly()
    {
        var table = new Table(Names[..4].Select((name, j) => Column.FromValues(name, Enumerable.Range(0, 300).Select(r => ((r * (j + 1)) % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        var config = new SynthesisConfig([.. Names[..4].Select(n => SynthesisColumn.Categorical(n, ["0", "1", "2"]))]);
        var result = Synthesizer.Synthesize(table, config, Options(), new SeededRandomForTests(11));
        var log = result.Log;
        Assert.Equal("privbayes", log.Mechanism);
        Assert.Equal(ZeroConcentratedBudget.RhoFor(1, 1e-9), log.Rho);
        Assert.Equal(log.Rho, log.RhoSpent, 12);
        var rest = (1 - PrivBayesSynthesizer.CountShare) * log.Rho;
        Assert.Equal(PrivBayesSynthesizer.NetworkShare * rest, log.Steps.Where(s => s.Kind == "select").Sum(s => s.Rho), 12);
        Assert.Equal(3, log.Steps.Count(s => s.Kind == "select"));
        var joints = log.Steps.Where(s => s.Kind == "measure" && s.Attributes.Count > 0).ToList();
        Assert.Equal(4, joints.Count);
        Assert.Equal((1 - PrivBayesSynthesizer.NetworkShare) * rest, joints.Sum(s => s.Rho), 12);
        // The synthetic table has the declared columns and values, and about the input's size.
        Assert.Equal(Names[..4], result.Synthetic.ColumnNames);
        Assert.InRange(result.Synthetic.RowCount, 200, 400);
        Assert.All(Enumerable.Range(0, result.Synthetic.RowCount), r => Assert.Contains(result.Synthetic["c"][r], new[] { "0", "1", "2" }));
    }

    [Fact]
    public void Bad_privbayes_options_are_refused_before_anything_runs()
    {
        Assert.Throws<InvalidOptionException>(() => Synthesizer.Validate(Options(9)));
        Assert.Throws<InvalidOptionException>(() => Synthesizer.Validate(Options() with { Theta = 0 }));
        Assert.Contains("privbayes", Synthesizer.Mechanisms);
    }
}
