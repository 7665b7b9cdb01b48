using Sanitas.Learning.Neural;

namespace Sanitas.Learning;

/// <summary>
/// The multilayer perceptron of <see cref="Trainer"/>'s mlp entries: binary classification with one
/// hidden layer of <see cref="HiddenUnits"/> ReLU units (Rumelhart, Hinton &amp; Williams 1986) on the
/// encoded features. The non-private fit is <see cref="Ordinary"/>; the DP-SGD fit is
/// <see cref="DpSgd.DpSgdMechanisms.Mlp"/>.
/// </summary>
internal static class MlpMechanisms
{
    /// <summary>The width of the hidden layer.</summary>
    public const int HiddenUnits = 16;

    /// <summary>A fresh network for <paramref name="inputs"/> encoded features (fixed initialization seed 1, data-independent).</summary>
    public static MultilayerPerceptron CreateNetwork(int inputs) =>
        new(inputs, [HiddenUnits], NeuralTask.BinaryClassification, activation: Activation.Relu, seed: 1);

    /// <summary>
    /// Non-private training: 100 epochs of Adam (learning rate 0.01, batches of 32, shuffling seed 1)
    /// with weight decay equal to the regularization. Not differentially private.
    /// </summary>
    public static FitResult Ordinary(DesignMatrix data, FitContext context)
    {
        var network = CreateNetwork(data.Width - 1);
        NeuralTrainer.Train(network, Dataset(data), new NeuralTrainingOptions(Epochs: 100, BatchSize: 32, LearningRate: 0.01, L2: context.Regularization),
            cancellationToken: context.CancellationToken);
        return new FitResult([], Network: NetworkParameters.From(network));
    }

    /// <summary>The encoded rows without the intercept column, as network inputs.</summary>
    public static NeuralDataset Dataset(DesignMatrix data)
    {
        var p = data.Width - 1;
        var features = new double[data.Rows * p];
        for (var i = 0; i < data.Rows; i++)
        {
            data.Row(i)[1..].CopyTo(features.AsSpan(i * p, p));
        }
        return new NeuralDataset(features, p, data.Y);
    }
}
