namespace Sanitas.Learning.Neural;

/// <summary>
/// Scratch buffers for one forward and backward pass of a <see cref="MultilayerPerceptron"/>:
/// pre-activations, activations and back-propagated errors of every layer, allocated once so the
/// per-example gradient loop allocates nothing. One per thread.
/// </summary>
public sealed class NetworkWorkspace
{
    internal NetworkWorkspace(IReadOnlyList<int> layerSizes)
    {
        PreActivations = new double[layerSizes.Count][];
        Activations = new double[layerSizes.Count][];
        Errors = new double[layerSizes.Count][];
        for (var l = 1; l < layerSizes.Count; l++)
        {
            PreActivations[l] = new double[layerSizes[l]];
            Activations[l] = new double[layerSizes[l]];
            Errors[l] = new double[layerSizes[l]];
        }
        Input = new double[layerSizes[0]];
        Activations[0] = Input;
    }

    internal double[] Input { get; }

    internal double[][] PreActivations { get; }

    internal double[][] Activations { get; }

    internal double[][] Errors { get; }
}
