using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Tests.Synthesis;

public sealed class GraphicalModelTests
{
    private static readonly int[] Sizes = [2, 3, 4, 2, 3];

    /// <summary>Every full assignment of the attributes, row-major.</summary>
    private static IEnumerable<int[]> Assignments(int[] sizes)
    {
        var x = new int[sizes.Length];
        while (true)
        {
            yield return [.. x];
            var j = sizes.Length - 1;
            while (j >= 0 && ++x[j] == sizes[j])
            {
                x[j] = 0;
                j--;
            }
            if (j < 0)
            {
                yield break;
            }
        }
    }

    private static double At(Factor f, int[] x)
    {
        var index = 0;
        for (var j = 0; j < f.Attributes.Length; j++)
        {
            index = (index * f.Shape[j]) + x[f.Attributes[j]];
        }
        return f.Values[index];
    }

    [Fact]
    public void Belief_propagation_gives_the_exact_marginals_of_a_model_with_a_cycle()
    {
        // A 4-cycle 0-1-2-3-0 plus 3-4: the junction tree must triangulate it.
        var tree = JunctionTree.Build([[0, 1], [1, 2], [2, 3], [0, 3], [3, 4]], Sizes);
        var random = new Random(11);
        var potentials = tree.Cliques.Select(c =>
        {
            var f = Factor.Filled(c, Sizes, 0);
            for (var i = 0; i < f.Size; i++)
            {
                f.Values[i] = (random.NextDouble() * 3) - 1.5;
            }
            return f;
        }).ToArray();
        var model = new GraphicalModel(tree, Sizes, potentials, total: 1000);
        var joint = Assignments(Sizes).Select(x => (X: x, P: Math.Exp(potentials.Sum(p => At(p, x))))).ToList();
        var z = joint.Sum(j => j.P);
        foreach (var attributes in new[] { new[] { 0, 1 }, [0, 2], [1, 3], [4], [0, 2, 4], [1, 2, 3] })
        {
            var projected = model.Project(attributes);
            var expected = new Dictionary<string, double>();
            foreach (var (x, p) in joint)
            {
                var key = string.Join(',', attributes.Select(a => x[a]));
                expected[key] = expected.GetValueOrDefault(key) + (1000 * p / z);
            }
            foreach (var (x, _) in joint)
            {
                Assert.Equal(expected[string.Join(',', attributes.Select(a => x[a]))], At(projected, x), 8);
            }
        }
    }

    /// <summary>A correlated table: each attribute depends on the previous one.</summary>
    internal static EncodedTable Chain(int rows, int seed)
    {
        var random = new Random(seed);
        var codes = Sizes.Select(_ => new int[rows]).ToArray();
        for (var r = 0; r < rows; r++)
        {
            codes[0][r] = random.Next(Sizes[0]);
            for (var a = 1; a < Sizes.Length; a++)
            {
                codes[a][r] = random.NextDouble() < 0.7 ? codes[a - 1][r] % Sizes[a] : random.Next(Sizes[a]);
            }
        }
        return new EncodedTable(codes, Sizes);
    }

    [Fact]
    public void Mirror_descent_recovers_the_exact_marginals_from_noiseless_measurements()
    {
        var data = Chain(3000, 2);
        int[][] cliques = [[0], [1], [2], [3], [4], [0, 1], [1, 2], [2, 3], [3, 4]];
        var measurements = cliques.Select(c => new Measurement(c, data.Histogram(c), 1)).ToList();
        var model = MarginalEstimator.Estimate(Sizes, measurements, 1000);
        Assert.Equal(3000, model.Total, 6);
        foreach (var c in cliques)
        {
            var tvd = SyntheticDataEvaluator.Tvd(data.Histogram(c), model.Project(c).Values);
            Assert.True(tvd < 1e-3, $"TVD {tvd} on [{string.Join(",", c)}]");
        }
    }

    [Fact]
    public void Sampling_reproduces_the_model_marginals()
    {
        var data = Chain(3000, 4);
        int[][] cliques = [[0, 1], [1, 2], [2, 3], [3, 4], [0, 2]];
        var measurements = cliques.Select(c => new Measurement(c, data.Histogram(c), 1)).ToList();
        var model = MarginalEstimator.Estimate(Sizes, measurements, 300);
        var sample = new EncodedTable(ModelSampler.Sample(model, 20_000, new BufferedRandom(new SeededRandomForTests(9))), Sizes);
        Assert.Equal(20_000, sample.Rows);
        foreach (var c in cliques.Append([0, 4]))
        {
            var tvd = SyntheticDataEvaluator.Tvd(model.Project(c).Values, sample.Histogram(c));
            // Multinomial sampling error of a 6–12 cell histogram at n = 20,000 is about 0.01; rounding makes it smaller.
            Assert.True(tvd < 0.015, $"TVD {tvd} on [{string.Join(",", c)}]");
        }
    }

    [Fact]
    public void The_junction_tree_holds_every_measured_clique_and_satisfies_the_running_intersection_property()
    {
        var tree = JunctionTree.Build([[0, 1], [1, 2], [2, 3], [0, 3], [3, 4]], Sizes);
        foreach (var c in new[] { new[] { 0, 1 }, [1, 2], [2, 3], [0, 3], [3, 4] })
        {
            Assert.True(tree.CliqueContaining(c) >= 0);
        }
        // Running intersection: the cliques holding any attribute form a connected subtree.
        for (var a = 0; a < Sizes.Length; a++)
        {
            var holding = Enumerable.Range(0, tree.Cliques.Length).Where(i => tree.Cliques[i].Contains(a)).ToList();
            var tops = holding.Count(i => tree.Parent[i] < 0 || !tree.Cliques[tree.Parent[i]].Contains(a));
            Assert.Equal(1, tops);
        }
    }
}
