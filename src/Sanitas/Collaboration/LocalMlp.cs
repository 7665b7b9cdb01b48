#pragma warning disable SAN0003 // DP-SGD's per-person clipping is the experimental mechanism the federated DP MLP opts into, as Learning's dpsgd does.
using System.Numerics.Tensors;
using Sanitas.Learning.DpSgd;
using Sanitas.Learning.Neural;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// A centre's local work for a federated multilayer perceptron (the network of Sanitas.Learning.Neural,
/// binary classification, ReLU hidden layers): FedAvg/FedProx local epochs of mini-batch SGD from the global
/// parameters (McMahan et al., AISTATS 2017; FedProx adds μ(θ − θ_global) to each gradient, Li et al., MLSys
/// 2020), the score histogram of its held-out rows, and the two DP paths: the clipped per-example gradient sum
/// of central DP-FedAvg (McMahan, Ramage, Talwar &amp; Zhang, ICLR 2018) and local DP-SGD steps (Abadi et al., CCS
/// 2016) for per-site DP, both through Sanitas.Learning's DP-SGD pieces (Poisson sampling, per-person clipping of
/// the whole parameter vector, discrete Gaussian noise on a dyadic grid).
/// </summary>
internal static class LocalMlp
{
    /// <summary>Mini-batch size of the local epochs.</summary>
    public const int BatchSize = 32;

    /// <summary>The network every party builds: its initial weights come from the consortium's seed, never from data.</summary>
    public static MultilayerPerceptron Create(int features, IReadOnlyList<int> hidden, int seed) =>
        new(features, hidden, NeuralTask.BinaryClassification, activation: Activation.Relu, seed: seed);

    /// <summary>n_k·θ_k then n_k, as <see cref="LocalLogistic.FedAvgUpdate"/>.</summary>
    public static double[] FedAvgUpdate(SiteData data, double[] global, int[] rows, IReadOnlyList<int> hidden, int epochs, double learningRate, double mu, int seed)
    {
        var network = Load(data, global, hidden);
        var workspace = network.CreateWorkspace();
        var gradient = new double[network.ParameterCount];
        var sum = new double[network.ParameterCount];
        var prox = new double[network.ParameterCount];
        var features = Features(data);
        var order = (int[])rows.Clone();
        // Not a release path: batch shuffling of the non-private FedAvg update (the update itself is sent in the clear).
        var random = new Random(seed);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < order.Length; start += BatchSize)
            {
                var end = Math.Min(order.Length, start + BatchSize);
                Array.Clear(sum);
                for (var k = start; k < end; k++)
                {
                    var i = order[k];
                    network.LossAndGradient(features.AsSpan(i * (data.Width - 1), data.Width - 1), data.Y[i], gradient, workspace);
                    TensorPrimitives.Add(sum, gradient, sum);
                }
                TensorPrimitives.Multiply(sum, 1.0 / (end - start), sum);
                if (mu > 0)
                {
                    TensorPrimitives.Subtract(network.Parameters, global, prox);
                    TensorPrimitives.MultiplyAdd(prox, mu, sum, sum);
                }
                TensorPrimitives.MultiplyAdd(sum, -learningRate, network.Parameters, network.Parameters);
            }
        }
        var result = new double[network.ParameterCount + 1];
        TensorPrimitives.Multiply(network.Parameters, rows.Length, result.AsSpan(0, network.ParameterCount));
        result[^1] = rows.Length;
        return result;
    }

    /// <summary>
    /// Σ over a Poisson sample (rate q, from <paramref name="random"/>) of per-example gradients of the whole
    /// parameter vector, each clipped to L2 norm C (<see cref="DpSgdTrainer.ClippedPersonGradient"/>; every row is a
    /// person): adding or removing one person changes the sum by at most C in L2, whatever the data.
    /// </summary>
    public static double[] ClippedGradientSum(SiteData data, double[] parameters, int[] rows, IReadOnlyList<int> hidden, double clippingNorm, double samplingRate, IRandomBits random)
    {
        var network = Load(data, parameters, hidden);
        var dataset = Dataset(data, rows);
        var sum = new double[network.ParameterCount];
        AddClippedSum(network, dataset, new PoissonSampler(samplingRate, dataset.PersonCount), new int[dataset.PersonCount], new DpSgdTrainer.ClippingSlot(network), clippingNorm, random, sum);
        return sum;
    }

    /// <summary>
    /// Per-site DP-SGD: <paramref name="steps"/> steps from the global parameters, each Poisson-sampling persons,
    /// clipping their gradients to C, adding <paramref name="noise"/> (σ·C′, discrete Gaussian) to the sum and
    /// stepping by lr·noisy sum / the declared expected batch. Returns the noisy parameters followed by the
    /// weight 1 (the coordinator averages the centres' models with equal, public weights).
    /// </summary>
    public static double[] DpSgdUpdate(SiteData data, double[] global, int[] rows, IReadOnlyList<int> hidden, int steps, double learningRate, double expectedBatch,
        double clippingNorm, double samplingRate, GradientNoise noise, IRandomBits random)
    {
        var network = Load(data, global, hidden);
        var dataset = Dataset(data, rows);
        var sampler = new PoissonSampler(samplingRate, dataset.PersonCount);
        var selected = new int[dataset.PersonCount];
        var slot = new DpSgdTrainer.ClippingSlot(network);
        var sum = new double[network.ParameterCount];
        for (var step = 0; step < steps; step++)
        {
            Array.Clear(sum);
            AddClippedSum(network, dataset, sampler, selected, slot, clippingNorm, random, sum);
            noise.AddTo(sum, random);
            TensorPrimitives.MultiplyAdd(sum, -learningRate / expectedBatch, network.Parameters, network.Parameters);
        }
        return [.. network.Parameters, 1.0];
    }

    private static void AddClippedSum(MultilayerPerceptron network, NeuralDataset dataset, PoissonSampler sampler, int[] selected, DpSgdTrainer.ClippingSlot slot,
        double clippingNorm, IRandomBits random, double[] sum)
    {
        var count = sampler.Sample(random, selected);
        for (var k = 0; k < count; k++)
        {
            TensorPrimitives.Add(sum, DpSgdTrainer.ClippedPersonGradient(network, dataset, selected[k], clippingNorm, slot), sum);
        }
    }

    /// <summary>The selected rows as a network dataset, one person per row.</summary>
    private static NeuralDataset Dataset(SiteData data, int[] rows)
    {
        var p = data.Width - 1;
        var features = new double[rows.Length * p];
        var targets = new double[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            data.Row(rows[k])[1..].CopyTo(features.AsSpan(k * p, p));
            targets[k] = data.Y[rows[k]];
        }
        return new NeuralDataset(features, p, targets);
    }

    /// <summary>Counts of held-out rows per bin of the predicted P(y = 1), positives then negatives.</summary>
    public static double[] ScoreHistogram(SiteData data, double[] parameters, int[] rows, IReadOnlyList<int> hidden, int bins)
    {
        var network = Load(data, parameters, hidden);
        var workspace = network.CreateWorkspace();
        var output = new double[1];
        var features = Features(data);
        var result = new double[2 * bins];
        foreach (var i in rows)
        {
            network.Predict(features.AsSpan(i * (data.Width - 1), data.Width - 1), output, workspace);
            var p = double.IsFinite(output[0]) ? Math.Clamp(output[0], 0, 1) : 0.5;
            var bin = Math.Min(bins - 1, (int)(p * bins));
            result[(data.Y[i] > 0.5 ? 0 : bins) + bin]++;
        }
        return result;
    }

    /// <summary>The number of parameters of the network over <paramref name="features"/> inputs.</summary>
    public static int ParameterCount(int features, IReadOnlyList<int> hidden) => Create(features, hidden, 1).ParameterCount;

    private static MultilayerPerceptron Load(SiteData data, double[] parameters, IReadOnlyList<int> hidden)
    {
        var network = Create(data.Width - 1, hidden, 1);
        if (parameters.Length != network.ParameterCount)
        {
            throw new CollaborationException($"The network sent has {parameters.Length} parameters; hidden layers [{string.Join(", ", hidden)}] over {data.Width - 1} features have {network.ParameterCount}.");
        }
        parameters.CopyTo(network.Parameters);
        return network;
    }

    /// <summary>The rows without the intercept column (the network has its own biases).</summary>
    private static double[] Features(SiteData data)
    {
        var p = data.Width - 1;
        var features = new double[data.Rows * p];
        for (var i = 0; i < data.Rows; i++)
        {
            data.Row(i)[1..].CopyTo(features.AsSpan(i * p, p));
        }
        return features;
    }
}
