using Sanitas.Learning.Neural;

namespace Sanitas.Learning;

/// <summary>
/// A trained multilayer perceptron as stored in a model file: the layer sizes (inputs, hidden
/// layers, one output), the hidden layers' activation, and the flat parameter vector (layer by
/// layer: W_l row-major, outputs × inputs, then b_l; see <see cref="MultilayerPerceptron"/>). Its
/// inputs are the encoded features (the scaling is in <see cref="TrainedModel.Features"/>); its
/// output is the probability of the last class.
/// </summary>
/// <param name="LayerSizes">The width of every layer, inputs first, the single output last.</param>
/// <param name="Activation">The hidden layers' nonlinearity.</param>
/// <param name="Parameters">All weights and biases, in the network's layout.</param>
public sealed record NetworkParameters(IReadOnlyList<int> LayerSizes, Activation Activation, IReadOnlyList<double> Parameters)
{
    /// <summary>The network with these parameters.</summary>
    /// <exception cref="FormatException">The sizes or the parameter count are inconsistent.</exception>
    public MultilayerPerceptron ToNetwork()
    {
        if (LayerSizes.Count < 2 || LayerSizes[^1] != 1 || LayerSizes.Any(s => s < 1))
        {
            throw new FormatException("a binary network needs at least an input and a single output layer, all of positive width");
        }
        var network = new MultilayerPerceptron(LayerSizes[0], [.. LayerSizes.Skip(1).Take(LayerSizes.Count - 2)], NeuralTask.BinaryClassification, activation: Activation);
        if (network.ParameterCount != Parameters.Count)
        {
            throw new FormatException($"layers {string.Join("-", LayerSizes)} have {network.ParameterCount} parameters, the file has {Parameters.Count}");
        }
        for (var i = 0; i < Parameters.Count; i++)
        {
            network.Parameters[i] = Parameters[i];
        }
        return network;
    }

    /// <summary>The parameters of a trained network.</summary>
    public static NetworkParameters From(MultilayerPerceptron network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new NetworkParameters([.. network.LayerSizes], network.Activation, network.Parameters.ToArray());
    }
}
