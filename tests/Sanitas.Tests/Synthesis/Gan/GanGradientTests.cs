using Sanitas.Privacy;
using Sanitas.Synthesis;
using Sanitas.Synthesis.Gan;

namespace Sanitas.Tests.Synthesis.Gan;

/// <summary>The GAN's hand-written back-propagation against central finite differences on tiny networks.</summary>
public sealed class GanGradientTests
{
    private const double Step = 1e-6;

    private static void AssertClose(double expected, double actual, string what)
    {
        var tolerance = 1e-6 + (1e-5 * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: finite difference {expected:G10}, back-propagation {actual:G10}");
    }

    [Fact]
    public void Generator_backward_matches_finite_differences_of_the_soft_samples_and_the_conditional_loss()
    {
        int[] sizes = [2, 3];
        var generator = new Generator(3, sizes, [4, 4], seed: 5);
        const int N = 2;
        int[] columns = [1, 0];
        int[] cells = [2, 1];
        var inputs = new double[N * (3 + 5)];
        var random = new Random(9);
        for (var i = 0; i < N; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                inputs[(i * 8) + k] = random.NextDouble() - 0.5;
            }
            inputs[(i * 8) + 3 + generator.BlockStarts[columns[i]] + cells[i]] = 1;
        }
        var weights = Enumerable.Range(0, N * 5).Select(_ => random.NextDouble() - 0.5).ToArray();
        const double ConditionWeight = 0.7;
        // L(θ) = Σ w·y (y the Gumbel-softmax soft samples under fixed Gumbel noise) + λ Σ_i CE(row i's conditioned block).
        double Loss()
        {
            inputs.CopyTo(generator.Input(N));
            var logits = generator.Forward(N).ToArray();
            generator.GumbelSoftmax(N, new GanNoise(new BufferedRandom(new SeededRandomForTests(3))));
            var y = generator.SoftSamples(N);
            var loss = 0.0;
            for (var j = 0; j < y.Length; j++)
            {
                loss += weights[j] * y[j];
            }
            for (var i = 0; i < N; i++)
            {
                var block = logits.AsSpan((i * 5) + generator.BlockStarts[columns[i]], sizes[columns[i]]);
                var max = block.ToArray().Max();
                var logSum = max + Math.Log(block.ToArray().Sum(v => Math.Exp(v - max)));
                loss += ConditionWeight * (logSum - block[cells[i]]);
            }
            return loss;
        }
        Loss();
        var gradient = new double[generator.Parameters.Length];
        generator.Backward(weights, columns, cells, ConditionWeight, N, gradient);
        for (var k = 0; k < gradient.Length; k++)
        {
            var saved = generator.Parameters[k];
            generator.Parameters[k] = saved + Step;
            var up = Loss();
            generator.Parameters[k] = saved - Step;
            var down = Loss();
            generator.Parameters[k] = saved;
            AssertClose((up - down) / (2 * Step), gradient[k], $"generator parameter {k}");
        }
    }

    [Fact]
    public void Discriminator_input_gradients_and_per_example_norms_match_finite_differences()
    {
        var discriminator = new Discriminator(4, [3, 3], seed: 2);
        const int N = 3;
        var random = new Random(4);
        var inputs = Enumerable.Range(0, N * 4).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
        double[] upstream = [0.3, -1.2, 0.8];
        double[] Scores()
        {
            inputs.CopyTo(discriminator.Input(N));
            return discriminator.Forward(N).ToArray();
        }
        Scores();
        discriminator.Backward(upstream, N);
        var inputGradient = new double[N * 4];
        discriminator.InputGradient(N, inputGradient);
        var norms = new double[N];
        discriminator.SquaredNorms(N, norms);
        for (var j = 0; j < inputs.Length; j++)
        {
            var saved = inputs[j];
            inputs[j] = saved + Step;
            var up = Scores()[j / 4];
            inputs[j] = saved - Step;
            var down = Scores()[j / 4];
            inputs[j] = saved;
            AssertClose(upstream[j / 4] * (up - down) / (2 * Step), inputGradient[j], $"input {j}");
        }
        // Each example's parameter gradient by finite differences; its squared norm against SquaredNorms.
        var perExample = new double[N];
        for (var k = 0; k < discriminator.Parameters.Length; k++)
        {
            var saved = discriminator.Parameters[k];
            discriminator.Parameters[k] = saved + Step;
            var up = Scores();
            discriminator.Parameters[k] = saved - Step;
            var down = Scores();
            discriminator.Parameters[k] = saved;
            for (var i = 0; i < N; i++)
            {
                var g = upstream[i] * (up[i] - down[i]) / (2 * Step);
                perExample[i] += g * g;
            }
        }
        for (var i = 0; i < N; i++)
        {
            AssertClose(perExample[i], norms[i], $"squared norm of example {i}");
        }
    }

    [Fact]
    public void Pairwise_features_backward_matches_finite_differences_and_codes_give_the_one_hot_expansion()
    {
        var features = new PairwiseFeatures([2, 3, 2]);
        Assert.Equal(7 + 6 + 4 + 6, features.Width);
        var random = new Random(6);
        var x = Enumerable.Range(0, 7).Select(_ => random.NextDouble()).ToArray();
        var upstream = Enumerable.Range(0, features.Width).Select(_ => random.NextDouble() - 0.5).ToArray();
        double Loss()
        {
            var phi = new double[features.Width];
            features.Expand(x, phi);
            return phi.Zip(upstream, (a, b) => a * b).Sum();
        }
        var gradient = new double[7];
        features.Backward(x, upstream, gradient);
        for (var j = 0; j < x.Length; j++)
        {
            var saved = x[j];
            x[j] = saved + Step;
            var up = Loss();
            x[j] = saved - Step;
            var down = Loss();
            x[j] = saved;
            AssertClose((up - down) / (2 * Step), gradient[j], $"cell {j}");
        }
        // A real row (codes 1, 2, 0) is the expansion of its one-hot: 3 cells and 3 pair cells set.
        var fromCodes = new double[features.Width];
        features.FromCodes([1, 2, 0], fromCodes);
        var expanded = new double[features.Width];
        features.Expand([0, 1, 0, 0, 1, 1, 0], expanded);
        Assert.Equal(expanded, fromCodes);
        Assert.Equal(6, fromCodes.Sum());
    }
}
