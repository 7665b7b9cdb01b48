using System.Numerics.Tensors;

namespace Sanitas.Synthesis.Gan;

/// <summary>
/// CTGAN's generator (Xu et al. 2019, §4.4) without batch normalization: the input z ⊕ cond goes
/// through residual layers h_l = ReLU(W_l x_{l−1} + b_l), x_l = h_l ⊕ x_{l−1} (concatenation, as
/// CTGAN's <c>Residual</c>), then a linear layer to one logit per cell of every column. Each column's
/// block becomes a straight-through Gumbel-softmax sample (Jang, Gu &amp; Poole 2017; τ = 0.2 as CTGAN) when training,
/// and a category drawn from its softmax when sampling. The generator never sees the data: it learns
/// only through the discriminator's gradients and the declared domain.
/// </summary>
internal sealed class Generator
{
    public const double Temperature = 0.2;
    private readonly DenseLayer[] _layers;
    private readonly int[] _widths;
    private readonly int[] _blockStarts;
    private readonly int[] _blockSizes;
    private double[][] _inputs = [];
    private double[][] _hidden = [];
    private double[][] _inputGradients = [];
    private double[] _logits = [];
    private double[] _samples = [];
    private double[] _hard = [];
    private double[] _logitGradients = [];
    private int _capacity;
    private double _lastTemperature = Temperature;

    public Generator(int latent, int[] columnSizes, IReadOnlyList<int> hidden, int seed)
    {
        Latent = latent;
        _blockSizes = columnSizes;
        _blockStarts = new int[columnSizes.Length];
        for (var c = 1; c < columnSizes.Length; c++)
        {
            _blockStarts[c] = _blockStarts[c - 1] + columnSizes[c - 1];
        }
        OutputWidth = columnSizes.Sum();
        _widths = new int[hidden.Count + 1];
        _widths[0] = latent + OutputWidth;
        _layers = new DenseLayer[hidden.Count + 1];
        var offset = 0;
        for (var l = 0; l < hidden.Count; l++)
        {
            _layers[l] = new DenseLayer(offset, _widths[l], hidden[l]);
            offset += _layers[l].ParameterCount;
            _widths[l + 1] = hidden[l] + _widths[l];
        }
        _layers[^1] = new DenseLayer(offset, _widths[^1], OutputWidth);
        offset += _layers[^1].ParameterCount;
        Parameters = new double[offset];
        // Not a release: the initial weights are drawn before and independently of the data.
        var random = new Random(seed);
        foreach (var layer in _layers)
        {
            layer.Initialize(Parameters, random);
        }
    }

    public int Latent { get; }

    /// <summary>The one-hot width: the cells of all columns (also the condition vector's width).</summary>
    public int OutputWidth { get; }

    public double[] Parameters { get; }

    public IReadOnlyList<int> BlockStarts => _blockStarts;

    public IReadOnlyList<int> BlockSizes => _blockSizes;

    /// <summary>
    /// Sets the output layer's biases to log(p + 10⁻⁶) of each column's given cell probabilities — a prior
    /// from the released noisy 1-way marginals (post-processing), so that training starts from the right
    /// 1-way marginals and only has to learn the associations.
    /// </summary>
    public void SetOutputPrior(IReadOnlyList<double[]> probabilities)
    {
        var output = _layers[^1];
        var biases = Parameters.AsSpan(output.Offset + (output.Inputs * output.Outputs), output.Outputs);
        for (var c = 0; c < _blockSizes.Length; c++)
        {
            for (var k = 0; k < _blockSizes[c]; k++)
            {
                biases[_blockStarts[c] + k] = Math.Log(probabilities[c][k] + 1e-6);
            }
        }
    }

    /// <summary>Multiplies the output layer's initial weights (a smaller start keeps the output near its biases' prior).</summary>
    public void ScaleOutputWeights(double factor)
    {
        var output = _layers[^1];
        var weights = Parameters.AsSpan(output.Offset, output.Inputs * output.Outputs);
        TensorPrimitives.Multiply(weights, factor, weights);
    }

    /// <summary>The rows z ⊕ cond of the next <see cref="Forward"/>, for the caller to fill.</summary>
    public Span<double> Input(int n)
    {
        Ensure(n);
        return _inputs[0].AsSpan(0, n * _widths[0]);
    }

    /// <summary>The logits of the n input rows, n × <see cref="OutputWidth"/>.</summary>
    public ReadOnlySpan<double> Forward(int n)
    {
        var hiddenCount = _layers.Length - 1;
        for (var l = 0; l < hiddenCount; l++)
        {
            var layer = _layers[l];
            var h = _hidden[l].AsSpan(0, n * layer.Outputs);
            layer.Forward(Parameters, _inputs[l], _widths[l], h, layer.Outputs, n);
            var next = _inputs[l + 1].AsSpan();
            var width = _widths[l + 1];
            for (var i = 0; i < n; i++)
            {
                var row = next.Slice(i * width, width);
                TensorPrimitives.Max(h.Slice(i * layer.Outputs, layer.Outputs), 0.0, row[..layer.Outputs]);
                _inputs[l].AsSpan(i * _widths[l], _widths[l]).CopyTo(row[layer.Outputs..]);
            }
        }
        var output = _layers[^1];
        var logits = _logits.AsSpan(0, n * OutputWidth);
        output.Forward(Parameters, _inputs[hiddenCount], _widths[hiddenCount], logits, OutputWidth, n);
        return logits;
    }

    /// <summary>
    /// Gumbel-softmax of every column block of the last logits, y = softmax((ℓ + g)/τ), n × <see cref="OutputWidth"/>,
    /// returned as its straight-through one-hot (the argmax; Jang, Gu &amp; Poole 2017, §2.2): the discriminator
    /// sees one-hot rows from both sides, so it cannot tell fakes by their softness; the gradient flows through y.
    /// </summary>
    public ReadOnlySpan<double> GumbelSoftmax(int n, GanNoise noise)
    {
        _lastTemperature = Temperature;
        var samples = _samples.AsSpan(0, n * OutputWidth);
        var logits = _logits.AsSpan(0, samples.Length);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (logits[i] + noise.Gumbel()) / Temperature;
        }
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < _blockSizes.Length; c++)
            {
                var block = samples.Slice((i * OutputWidth) + _blockStarts[c], _blockSizes[c]);
                TensorPrimitives.SoftMax(block, block);
                var hard = _hard.AsSpan((i * OutputWidth) + _blockStarts[c], _blockSizes[c]);
                hard.Clear();
                hard[TensorPrimitives.IndexOfMax(block)] = 1;
            }
        }
        return _hard.AsSpan(0, samples.Length);
    }

    /// <summary>
    /// Each column block's softmax of the last logits, n × <see cref="OutputWidth"/>: the probabilities that
    /// <see cref="SampleCategories"/> draws from. A row's columns are drawn independently given its input, so for a
    /// discriminator linear in 1- and 2-way indicator features (<see cref="PairwiseFeatures"/>) its expected score
    /// over the draws is the score of these probabilities — exact, without Gumbel noise or a straight-through estimate.
    /// </summary>
    public ReadOnlySpan<double> Probabilities(int n)
    {
        var samples = _samples.AsSpan(0, n * OutputWidth);
        var logits = _logits.AsSpan(0, samples.Length);
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < _blockSizes.Length; c++)
            {
                var start = (i * OutputWidth) + _blockStarts[c];
                TensorPrimitives.SoftMax(logits.Slice(start, _blockSizes[c]), samples.Slice(start, _blockSizes[c]));
            }
        }
        _lastTemperature = 1;
        return samples;
    }

    /// <summary>The soft samples y = softmax((ℓ + g)/τ) of the last <see cref="GumbelSoftmax"/> (the values its gradient flows through).</summary>
    public ReadOnlySpan<double> SoftSamples(int n) => _samples.AsSpan(0, n * OutputWidth);

    /// <summary>
    /// Back-propagates ∂loss/∂sample of the last Gumbel-softmax (n × OutputWidth) plus the conditional
    /// loss, the cross-entropy of each row's conditioned block against its category (weight
    /// <paramref name="conditionWeight"/>), and writes the parameter gradient (averaged by the caller's scaling).
    /// </summary>
    public void Backward(ReadOnlySpan<double> sampleGradients, ReadOnlySpan<int> conditionColumns, ReadOnlySpan<int> conditionCells,
        double conditionWeight, int n, Span<double> gradient)
    {
        var dLogits = _logitGradients.AsSpan(0, n * OutputWidth);
        var samples = _samples.AsSpan(0, dLogits.Length);
        var logits = _logits.AsSpan(0, dLogits.Length);
        Span<double> softmax = stackalloc double[_blockSizes.Max()];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < _blockSizes.Length; c++)
            {
                var start = (i * OutputWidth) + _blockStarts[c];
                var size = _blockSizes[c];
                var y = samples.Slice(start, size);
                var dy = sampleGradients.Slice(start, size);
                var dl = dLogits.Slice(start, size);
                // Softmax Jacobian: dℓ = (1/τ) y ⊙ (dy − ⟨dy, y⟩) (τ = 1 after Probabilities).
                var inner = TensorPrimitives.Dot(dy, y);
                TensorPrimitives.Subtract(dy, inner, dl);
                TensorPrimitives.Multiply(dl, y, dl);
                TensorPrimitives.Multiply(dl, 1 / _lastTemperature, dl);
            }
            // Conditional loss: cross-entropy of the conditioned column's logits (CTGAN's cond_loss).
            var cc = conditionColumns[i];
            var block = logits.Slice((i * OutputWidth) + _blockStarts[cc], _blockSizes[cc]);
            var p = softmax[.._blockSizes[cc]];
            TensorPrimitives.SoftMax(block, p);
            p[conditionCells[i]] -= 1;
            var target = dLogits.Slice((i * OutputWidth) + _blockStarts[cc], _blockSizes[cc]);
            TensorPrimitives.MultiplyAdd(p, conditionWeight, target, target);
        }
        gradient.Clear();
        var hiddenCount = _layers.Length - 1;
        var output = _layers[^1];
        output.AccumulateGradient(dLogits, OutputWidth, _inputs[hiddenCount], _widths[hiddenCount], default, n, gradient);
        var dx = _inputGradients[hiddenCount].AsSpan(0, n * _widths[hiddenCount]);
        output.BackwardInput(Parameters, dLogits, OutputWidth, dx, _widths[hiddenCount], n);
        for (var l = hiddenCount - 1; l >= 0; l--)
        {
            var layer = _layers[l];
            var width = _widths[l + 1];
            var above = _inputGradients[l + 1].AsSpan(0, n * width);
            var h = _hidden[l].AsSpan(0, n * layer.Outputs);
            // The ReLU part of x_{l+1} = ReLU(h) ⊕ x_l, in place: dh = dx_{l+1}[: h] ⊙ [h > 0].
            var dh = h; // reuse the pre-activation buffer row by row
            for (var i = 0; i < n; i++)
            {
                var row = above.Slice(i * width, layer.Outputs);
                var hi = dh.Slice(i * layer.Outputs, layer.Outputs);
                for (var j = 0; j < hi.Length; j++)
                {
                    hi[j] = hi[j] > 0 ? row[j] : 0;
                }
            }
            layer.AccumulateGradient(dh, layer.Outputs, _inputs[l], _widths[l], default, n, gradient);
            if (l == 0)
            {
                break;
            }
            var below = _inputGradients[l].AsSpan(0, n * _widths[l]);
            layer.BackwardInput(Parameters, dh, layer.Outputs, below, _widths[l], n);
            for (var i = 0; i < n; i++)
            {
                // The pass-through part of the concatenation.
                TensorPrimitives.Add(below.Slice(i * _widths[l], _widths[l]), above.Slice((i * width) + layer.Outputs, _widths[l]), below.Slice(i * _widths[l], _widths[l]));
            }
        }
    }

    /// <summary>Draws one category per column from the softmax of the last logits (the Gumbel-max trick).</summary>
    public void SampleCategories(int n, GanNoise noise, int[][] codes, int firstRow)
    {
        var logits = _logits.AsSpan(0, n * OutputWidth);
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < _blockSizes.Length; c++)
            {
                var block = logits.Slice((i * OutputWidth) + _blockStarts[c], _blockSizes[c]);
                var best = 0;
                var bestValue = double.NegativeInfinity;
                for (var k = 0; k < block.Length; k++)
                {
                    var v = block[k] + noise.Gumbel();
                    if (v > bestValue)
                    {
                        bestValue = v;
                        best = k;
                    }
                }
                codes[c][firstRow + i] = best;
            }
        }
    }

    private void Ensure(int n)
    {
        if (n <= _capacity)
        {
            return;
        }
        _capacity = Math.Max(n, _capacity * 2);
        _inputs = [.. _widths.Select(w => new double[_capacity * w])];
        _inputGradients = [.. _widths.Select(w => new double[_capacity * w])];
        _hidden = [.. _layers.Take(_layers.Length - 1).Select(l => new double[_capacity * l.Outputs])];
        _logits = new double[_capacity * OutputWidth];
        _samples = new double[_capacity * OutputWidth];
        _hard = new double[_capacity * OutputWidth];
        _logitGradients = new double[_capacity * OutputWidth];
    }
}
