using System.Numerics.Tensors;

namespace Sanitas.Learning.Neural;

/// <summary>
/// Non-private mini-batch training of a <see cref="MultilayerPerceptron"/> (shuffled batches, mean
/// gradient, SGD or Adam): the baseline DP-SGD is compared with. Its output is not differentially private.
/// </summary>
public static class NeuralTrainer
{
    /// <summary>Trains <paramref name="network"/> in place on already-scaled data.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="data">The (scaled) training data.</param>
    /// <param name="options">Epochs, batch size, learning rate, optimizer.</param>
    /// <param name="progress">Receives the fraction of epochs done.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The mean training loss of the last epoch.</returns>
    public static double Train(MultilayerPerceptron network, NeuralDataset data, NeuralTrainingOptions options,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (data.FeatureCount != network.InputCount)
        {
            throw new ArgumentException($"The network takes {network.InputCount} features; the data has {data.FeatureCount}.", nameof(data));
        }
        if (data.Count == 0)
        {
            throw new ArgumentException("There are no training examples.", nameof(data));
        }
        var workspace = network.CreateWorkspace();
        var gradient = new double[network.ParameterCount];
        var sum = new double[network.ParameterCount];
        var step = new GradientStep(options.Optimizer, options.LearningRate, options.L2, network.ParameterCount);
        var order = Enumerable.Range(0, data.Count).ToArray();
        // Not a release: this is the non-private trainer (mechanism none), shuffling batches; DP-SGD
        // (DpSgdTrainer) samples and adds noise with an IRandomBits source, SecureRandom for a release.
        var random = new Random(options.Seed);
        var lastLoss = 0.0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            var epochLoss = 0.0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var end = Math.Min(order.Length, start + options.BatchSize);
                Array.Clear(sum);
                for (var i = start; i < end; i++)
                {
                    var row = order[i];
                    epochLoss += network.LossAndGradient(data.Features(row), data.Target(row), gradient, workspace);
                    TensorPrimitives.Add(sum, gradient, sum);
                }
                TensorPrimitives.Multiply(sum, 1.0 / (end - start), sum);
                step.Apply(network.Parameters, sum);
            }
            lastLoss = epochLoss / order.Length;
            progress?.Report((epoch + 1.0) / options.Epochs);
        }
        return lastLoss;
    }

    /// <summary>The fraction of rows whose most probable class is the target (classification tasks).</summary>
    /// <param name="network">A classification network.</param>
    /// <param name="data">The (scaled) evaluation data.</param>
    /// <returns>Accuracy in [0, 1].</returns>
    public static double Accuracy(MultilayerPerceptron network, NeuralDataset data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (network.Task == NeuralTask.Regression)
        {
            throw new ArgumentException("Accuracy needs a classification network.", nameof(network));
        }
        var workspace = network.CreateWorkspace();
        var output = new double[network.OutputCount];
        var correct = 0;
        for (var r = 0; r < data.Count; r++)
        {
            network.Predict(data.Features(r), output, workspace);
            var predicted = network.Task == NeuralTask.BinaryClassification ? (output[0] >= 0.5 ? 1 : 0) : TensorPrimitives.IndexOfMax(output);
            if (predicted == data.Target(r))
            {
                correct++;
            }
        }
        return (double)correct / data.Count;
    }
}
