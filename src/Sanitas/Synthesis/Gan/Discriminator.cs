using System.Numerics.Tensors;

namespace Sanitas.Synthesis.Gan;

/// <summary>
/// The discriminator: a linear score over its input (the default, over <see cref="PairwiseFeatures"/>), or CTGAN's
/// discriminator without PacGAN packing and without dropout (Xu et al. 2019, §4.4): hidden
/// layers with LeakyReLU(0.2) and a linear score. No batch normalization: with it one example's score
/// would depend on the others in its batch and per-example clipping would not bound one person's
/// influence. It reports each example's exact gradient norm (<see cref="DenseLayer.AddSquaredNorms"/>),
/// so DP-SGD clips without materializing per-example gradients.
/// </summary>
internal sealed class Discriminator
{
    private const double Slope = 0.2;
    private readonly DenseLayer[] _layers;
    private double[][] _activations = [];
    private double[][] _preActivations = [];
    private double[][] _deltas = [];
    private int _capacity;

    public Discriminator(int inputs, IReadOnlyList<int> hidden, int seed)
    {
        InputWidth = inputs;
        int[] sizes = [inputs, .. hidden, 1];
        _layers = new DenseLayer[sizes.Length - 1];
        var offset = 0;
        for (var l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new DenseLayer(offset, sizes[l], sizes[l + 1]);
            offset += _layers[l].ParameterCount;
        }
        Parameters = new double[offset];
        // Not a release: the initial weights are drawn before and independently of the data.
        var random = new Random(seed);
        foreach (var layer in _layers)
        {
            layer.Initialize(Parameters, random);
        }
    }

    public int InputWidth { get; }

    public double[] Parameters { get; }

    /// <summary>The input rows of the next <see cref="Forward"/>, n × <see cref="InputWidth"/>, for the caller to fill.</summary>
    public Span<double> Input(int n)
    {
        Ensure(n);
        return _activations[0].AsSpan(0, n * InputWidth);
    }

    /// <summary>The scores of the n input rows.</summary>
    public ReadOnlySpan<double> Forward(int n)
    {
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var z = _preActivations[l + 1].AsSpan(0, n * layer.Outputs);
            layer.Forward(Parameters, _activations[l], layer.Inputs, z, layer.Outputs, n);
            var a = _activations[l + 1].AsSpan(0, z.Length);
            if (l == _layers.Length - 1)
            {
                z.CopyTo(a);
            }
            else
            {
                // LeakyReLU: max(z, 0.2 z).
                TensorPrimitives.Multiply(z, Slope, a);
                TensorPrimitives.Max(z, a, a);
            }
        }
        return _activations[^1].AsSpan(0, n);
    }

    /// <summary>Back-propagates ∂loss/∂score of each row (after <see cref="Forward"/>), keeping every layer's δ.</summary>
    public void Backward(ReadOnlySpan<double> scoreGradients, int n)
    {
        scoreGradients[..n].CopyTo(_deltas[^1]);
        for (var l = _layers.Length - 1; l >= 1; l--)
        {
            var layer = _layers[l];
            var below = _deltas[l].AsSpan(0, n * layer.Inputs);
            layer.BackwardInput(Parameters, _deltas[l + 1], layer.Outputs, below, layer.Inputs, n);
            var z = _preActivations[l].AsSpan(0, below.Length);
            for (var j = 0; j < below.Length; j++)
            {
                if (z[j] < 0)
                {
                    below[j] *= Slope;
                }
            }
        }
    }

    /// <summary>∂loss/∂input of each row (after <see cref="Backward"/>), n × <see cref="InputWidth"/>.</summary>
    public void InputGradient(int n, Span<double> gradient) =>
        _layers[0].BackwardInput(Parameters, _deltas[1], _layers[0].Outputs, gradient, InputWidth, n);

    /// <summary>Each row's squared gradient norm over all parameters (after <see cref="Backward"/>).</summary>
    public void SquaredNorms(int n, Span<double> squaredNorms)
    {
        squaredNorms[..n].Clear();
        for (var l = 0; l < _layers.Length; l++)
        {
            _layers[l].AddSquaredNorms(_deltas[l + 1], _layers[l].Outputs, _activations[l], _layers[l].Inputs, n, squaredNorms);
        }
    }

    /// <summary>Adds Σ_i scale_i · (row i's parameter gradient) into <paramref name="gradient"/>.</summary>
    public void AccumulateGradient(ReadOnlySpan<double> scales, int n, Span<double> gradient)
    {
        for (var l = 0; l < _layers.Length; l++)
        {
            _layers[l].AccumulateGradient(_deltas[l + 1], _layers[l].Outputs, _activations[l], _layers[l].Inputs, scales, n, gradient);
        }
    }

    private void Ensure(int n)
    {
        if (n <= _capacity)
        {
            return;
        }
        _capacity = Math.Max(n, _capacity * 2);
        var count = _layers.Length + 1;
        _activations = new double[count][];
        _preActivations = new double[count][];
        _deltas = new double[count][];
        _activations[0] = new double[_capacity * InputWidth];
        for (var l = 1; l < count; l++)
        {
            var width = _layers[l - 1].Outputs;
            _activations[l] = new double[_capacity * width];
            _preActivations[l] = new double[_capacity * width];
            _deltas[l] = new double[_capacity * width];
        }
    }
}
