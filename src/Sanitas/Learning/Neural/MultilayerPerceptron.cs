using System.Numerics.Tensors;

namespace Sanitas.Learning.Neural;

/// <summary>
/// A fully connected feed-forward network (multilayer perceptron) with all parameters in one flat
/// vector, so that per-example gradients can be clipped and summed as vectors (DP-SGD, Abadi et al.
/// 2016). Layer l maps a_{l−1} to a_l = f(W_l a_{l−1} + b_l); the output layer is linear and the
/// <see cref="NeuralTask"/> fixes its link (sigmoid, softmax or identity) and loss (cross-entropy or
/// squared error). With no hidden layers and a binary task it is logistic regression.
/// </summary>
/// <remarks>
/// Parameters are laid out layer by layer: W_l row-major (outputs × inputs), then b_l. Gradients are
/// by back-propagation (Rumelhart, Hinton &amp; Williams 1986), written into a caller's span with
/// <see cref="TensorPrimitives"/> kernels and no allocation.
/// </remarks>
public sealed class MultilayerPerceptron
{
    private readonly int[] _sizes;
    private readonly int[] _offsets;
    private readonly double[] _parameters;

    /// <summary>Creates a network with Glorot-uniform weights (He-uniform for ReLU) and zero biases.</summary>
    /// <param name="inputs">The number of input features; at least 1.</param>
    /// <param name="hiddenLayers">The width of each hidden layer (empty: a generalized linear model).</param>
    /// <param name="task">The task, which fixes the output layer.</param>
    /// <param name="classes">The number of classes for <see cref="NeuralTask.MulticlassClassification"/> (at least 2); ignored otherwise.</param>
    /// <param name="activation">The hidden layers' nonlinearity.</param>
    /// <param name="seed">The seed of the initial weights. The initialization does not depend on the data, so it needs no privacy.</param>
    public MultilayerPerceptron(int inputs, IReadOnlyList<int> hiddenLayers, NeuralTask task, int classes = 2,
        Activation activation = Activation.Relu, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentNullException.ThrowIfNull(hiddenLayers);
        if (hiddenLayers.Any(h => h < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenLayers), "Every hidden layer needs at least one unit.");
        }
        if (task == NeuralTask.MulticlassClassification && classes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "A multiclass network needs at least 2 classes.");
        }
        Task = task;
        Activation = activation;
        var outputs = task == NeuralTask.MulticlassClassification ? classes : 1;
        _sizes = [inputs, .. hiddenLayers, outputs];
        _offsets = new int[_sizes.Length];
        var count = 0;
        for (var l = 1; l < _sizes.Length; l++)
        {
            _offsets[l] = count;
            count += (_sizes[l] * _sizes[l - 1]) + _sizes[l];
        }
        _parameters = new double[count];
        // Not a release: the initial weights are drawn before and independently of the data, so DP-SGD's
        // guarantee holds for any initialization; the seed makes runs reproducible.
        var random = new Random(seed);
        for (var l = 1; l < _sizes.Length; l++)
        {
            var fanIn = _sizes[l - 1];
            var limit = activation == Activation.Relu && l < _sizes.Length - 1
                ? Math.Sqrt(6.0 / fanIn)
                : Math.Sqrt(6.0 / (fanIn + _sizes[l]));
            var weights = Weights(_parameters.AsSpan(), l);
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = ((2 * random.NextDouble()) - 1) * limit;
            }
        }
    }

    /// <summary>Logistic regression as a network without hidden layers.</summary>
    /// <param name="inputs">The number of input features.</param>
    /// <returns>A binary network with one linear layer, all weights zero.</returns>
    public static MultilayerPerceptron LogisticRegression(int inputs)
    {
        var model = new MultilayerPerceptron(inputs, [], NeuralTask.BinaryClassification);
        Array.Clear(model._parameters);
        return model;
    }

    /// <summary>The task.</summary>
    public NeuralTask Task { get; }

    /// <summary>The hidden layers' nonlinearity.</summary>
    public Activation Activation { get; }

    /// <summary>The number of units per layer, input first, output last.</summary>
    public IReadOnlyList<int> LayerSizes => _sizes;

    /// <summary>The number of inputs.</summary>
    public int InputCount => _sizes[0];

    /// <summary>The number of outputs (1, or the number of classes).</summary>
    public int OutputCount => _sizes[^1];

    /// <summary>The number of parameters.</summary>
    public int ParameterCount => _parameters.Length;

    /// <summary>All parameters, layer by layer (W_l row-major, then b_l); writable.</summary>
    public Span<double> Parameters => _parameters;

    /// <summary>The weights W_l of layer l (1-based) as a row-major span of outputs × inputs.</summary>
    /// <param name="layer">1 … number of layers.</param>
    /// <returns>The weights.</returns>
    public ReadOnlySpan<double> LayerWeights(int layer) => Weights(_parameters, layer);

    /// <summary>The biases b_l of layer l (1-based).</summary>
    /// <param name="layer">1 … number of layers.</param>
    /// <returns>The biases.</returns>
    public ReadOnlySpan<double> LayerBiases(int layer) => Biases(_parameters, layer);

    /// <summary>Buffers for <see cref="LossAndGradient"/> and <see cref="Predict(ReadOnlySpan{double}, Span{double}, NetworkWorkspace)"/>; one per thread.</summary>
    /// <returns>A new workspace.</returns>
    public NetworkWorkspace CreateWorkspace() => new(_sizes);

    /// <summary>
    /// The prediction for one example: P(y = 1) for a binary task, class probabilities for a
    /// multiclass task, the value for regression.
    /// </summary>
    /// <param name="features">The (scaled) features; length <see cref="InputCount"/>.</param>
    /// <param name="output">Receives <see cref="OutputCount"/> values.</param>
    /// <param name="workspace">Scratch buffers from <see cref="CreateWorkspace"/>.</param>
    public void Predict(ReadOnlySpan<double> features, Span<double> output, NetworkWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var logits = Forward(_parameters, features, workspace);
        switch (Task)
        {
            case NeuralTask.BinaryClassification:
                output[0] = Sigmoid(logits[0]);
                break;
            case NeuralTask.MulticlassClassification:
                TensorPrimitives.SoftMax(logits, output);
                break;
            default:
                output[0] = logits[0];
                break;
        }
    }

    /// <summary>The prediction for one example (allocates; use the workspace overload in loops).</summary>
    /// <param name="features">The (scaled) features.</param>
    /// <returns>The outputs, see <see cref="Predict(ReadOnlySpan{double}, Span{double}, NetworkWorkspace)"/>.</returns>
    public double[] Predict(ReadOnlySpan<double> features)
    {
        var output = new double[OutputCount];
        Predict(features, output, CreateWorkspace());
        return output;
    }

    /// <summary>
    /// The loss of one example and its gradient with respect to every parameter, written (not added)
    /// into <paramref name="gradient"/>. Allocation-free.
    /// </summary>
    /// <param name="features">The (scaled) features; length <see cref="InputCount"/>.</param>
    /// <param name="target">0/1, a class index, or a real value, by task.</param>
    /// <param name="gradient">Receives ∂loss/∂θ; length <see cref="ParameterCount"/>.</param>
    /// <param name="workspace">Scratch buffers from <see cref="CreateWorkspace"/>.</param>
    /// <returns>The loss.</returns>
    public double LossAndGradient(ReadOnlySpan<double> features, double target, Span<double> gradient, NetworkWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (gradient.Length != _parameters.Length)
        {
            throw new ArgumentException($"The gradient needs {_parameters.Length} entries, not {gradient.Length}.", nameof(gradient));
        }
        var logits = Forward(_parameters, features, workspace);
        var last = _sizes.Length - 1;
        var error = workspace.Errors[last].AsSpan();
        double loss;
        switch (Task)
        {
            case NeuralTask.BinaryClassification:
                {
                    var z = logits[0];
                    // log(1 + e^z) − yz, stable for large |z|.
                    loss = Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - (target * z);
                    error[0] = Sigmoid(z) - target;
                    break;
                }
            case NeuralTask.MulticlassClassification:
                {
                    var k = (int)target;
                    if (k < 0 || k >= OutputCount || k != target)
                    {
                        throw new ArgumentOutOfRangeException(nameof(target), target, $"A class index in 0..{OutputCount - 1} was expected.");
                    }
                    var max = TensorPrimitives.Max(logits);
                    var sum = 0.0;
                    for (var i = 0; i < logits.Length; i++)
                    {
                        sum += Math.Exp(logits[i] - max);
                    }
                    loss = max + Math.Log(sum) - logits[k];
                    TensorPrimitives.SoftMax(logits, error);
                    error[k] -= 1;
                    break;
                }
            default:
                {
                    var diff = logits[0] - target;
                    loss = 0.5 * diff * diff;
                    error[0] = diff;
                    break;
                }
        }
        Backward(gradient, workspace);
        return loss;
    }

    private ReadOnlySpan<double> Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, NetworkWorkspace workspace)
    {
        if (features.Length != _sizes[0])
        {
            throw new ArgumentException($"The network takes {_sizes[0]} features, not {features.Length}.", nameof(features));
        }
        features.CopyTo(workspace.Input);
        var last = _sizes.Length - 1;
        for (var l = 1; l <= last; l++)
        {
            var input = workspace.Activations[l - 1].AsSpan();
            var z = workspace.PreActivations[l].AsSpan();
            var weights = Weights(parameters, l);
            var inCount = _sizes[l - 1];
            for (var i = 0; i < z.Length; i++)
            {
                z[i] = TensorPrimitives.Dot(weights.Slice(i * inCount, inCount), input);
            }
            TensorPrimitives.Add(z, Biases(parameters, l), z);
            var a = workspace.Activations[l].AsSpan();
            if (l == last)
            {
                z.CopyTo(a);
            }
            else if (Activation == Activation.Relu)
            {
                TensorPrimitives.Max(z, 0.0, a);
            }
            else
            {
                TensorPrimitives.Tanh(z, a);
            }
        }
        return workspace.Activations[last];
    }

    private void Backward(Span<double> gradient, NetworkWorkspace workspace)
    {
        for (var l = _sizes.Length - 1; l >= 1; l--)
        {
            var error = workspace.Errors[l].AsSpan();
            var input = workspace.Activations[l - 1].AsSpan();
            var inCount = _sizes[l - 1];
            var gradWeights = Weights(gradient, l);
            for (var i = 0; i < error.Length; i++)
            {
                TensorPrimitives.Multiply(input, error[i], gradWeights.Slice(i * inCount, inCount));
            }
            error.CopyTo(Biases(gradient, l));
            if (l == 1)
            {
                break;
            }
            // δ_{l−1} = (W_lᵀ δ_l) ⊙ f'(z_{l−1}).
            var below = workspace.Errors[l - 1].AsSpan();
            below.Clear();
            var weights = Weights(_parameters.AsSpan(), l);
            for (var i = 0; i < error.Length; i++)
            {
                TensorPrimitives.MultiplyAdd(weights.Slice(i * inCount, inCount), error[i], below, below);
            }
            var z = workspace.PreActivations[l - 1];
            var a = workspace.Activations[l - 1];
            if (Activation == Activation.Relu)
            {
                for (var j = 0; j < below.Length; j++)
                {
                    if (z[j] <= 0)
                    {
                        below[j] = 0;
                    }
                }
            }
            else
            {
                for (var j = 0; j < below.Length; j++)
                {
                    below[j] *= 1 - (a[j] * a[j]);
                }
            }
        }
    }

    private Span<double> Weights(Span<double> parameters, int layer) =>
        parameters.Slice(_offsets[layer], _sizes[layer] * _sizes[layer - 1]);

    private ReadOnlySpan<double> Weights(ReadOnlySpan<double> parameters, int layer) =>
        parameters.Slice(_offsets[layer], _sizes[layer] * _sizes[layer - 1]);

    private Span<double> Biases(Span<double> parameters, int layer) =>
        parameters.Slice(_offsets[layer] + (_sizes[layer] * _sizes[layer - 1]), _sizes[layer]);

    private ReadOnlySpan<double> Biases(ReadOnlySpan<double> parameters, int layer) =>
        parameters.Slice(_offsets[layer] + (_sizes[layer] * _sizes[layer - 1]), _sizes[layer]);

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
