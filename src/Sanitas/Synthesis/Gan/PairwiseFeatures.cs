namespace Sanitas.Synthesis.Gan;

/// <summary>
/// The discriminator's fixed (parameter-free) feature map of a row x = x_1 ⊕ … ⊕ x_d (one block of cells per
/// column, one-hot for a real row): φ(x) = x ⊕ (x_a ⊗ x_b for every pair of columns a &lt; b). On one-hot rows φ is
/// the indicator of the row's cells in every 1- and 2-way marginal, so a discriminator linear in φ tells real
/// from fake rows exactly by their 1- and 2-way marginals, with one weight per marginal cell, and its per-example
/// gradient has the same norm for every real row (‖φ‖² = d + d(d − 1)/2). Few parameters that carry the signal
/// are what DP-SGD needs: its noise is added to every parameter.
/// </summary>
internal sealed class PairwiseFeatures
{
    private readonly int[] _starts;
    private readonly int[] _sizes;
    private readonly (int A, int B, int Offset)[] _pairs;

    public PairwiseFeatures(IReadOnlyList<int> sizes)
    {
        _sizes = [.. sizes];
        _starts = new int[_sizes.Length];
        for (var c = 1; c < _sizes.Length; c++)
        {
            _starts[c] = _starts[c - 1] + _sizes[c - 1];
        }
        InputWidth = _sizes.Sum();
        var pairs = new List<(int, int, int)>();
        var offset = InputWidth;
        for (var a = 0; a < _sizes.Length; a++)
        {
            for (var b = a + 1; b < _sizes.Length; b++)
            {
                pairs.Add((a, b, offset));
                offset += _sizes[a] * _sizes[b];
            }
        }
        _pairs = [.. pairs];
        Width = offset;
    }

    /// <summary>The width of x (all columns' cells).</summary>
    public int InputWidth { get; }

    /// <summary>‖φ(x)‖² of a one-hot row: d cells and d(d − 1)/2 pair cells.</summary>
    public int OneHotSquaredNorm => _sizes.Length + _pairs.Length;

    /// <summary>The width of φ(x).</summary>
    public int Width { get; }

    /// <summary>Writes φ of a one-hot row given by its cell codes (a real row) into <paramref name="features"/> (cleared first).</summary>
    public void FromCodes(ReadOnlySpan<int> codes, Span<double> features)
    {
        features.Clear();
        for (var c = 0; c < _sizes.Length; c++)
        {
            features[_starts[c] + codes[c]] = 1;
        }
        foreach (var (a, b, offset) in _pairs)
        {
            features[offset + (codes[a] * _sizes[b]) + codes[b]] = 1;
        }
    }

    /// <summary>Writes φ(x) of a row x (InputWidth values) into <paramref name="features"/>.</summary>
    public void Expand(ReadOnlySpan<double> x, Span<double> features)
    {
        x.CopyTo(features);
        foreach (var (a, b, offset) in _pairs)
        {
            var xa = x.Slice(_starts[a], _sizes[a]);
            var xb = x.Slice(_starts[b], _sizes[b]);
            var sb = _sizes[b];
            for (var i = 0; i < xa.Length; i++)
            {
                var block = features.Slice(offset + (i * sb), sb);
                if (xa[i] == 0)
                {
                    block.Clear();
                }
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(xb, xa[i], block);
                }
            }
        }
    }

    /// <summary>∂loss/∂x from ∂loss/∂φ at the row x: dx_a[i] = dφ_a[i] + Σ_b Σ_j dφ_ab[i, j] x_b[j] (and symmetrically).</summary>
    public void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> featureGradient, Span<double> inputGradient)
    {
        featureGradient[..InputWidth].CopyTo(inputGradient);
        foreach (var (a, b, offset) in _pairs)
        {
            var xa = x.Slice(_starts[a], _sizes[a]);
            var xb = x.Slice(_starts[b], _sizes[b]);
            var da = inputGradient.Slice(_starts[a], _sizes[a]);
            var db = inputGradient.Slice(_starts[b], _sizes[b]);
            var sb = _sizes[b];
            for (var i = 0; i < xa.Length; i++)
            {
                var g = featureGradient.Slice(offset + (i * sb), sb);
                da[i] += System.Numerics.Tensors.TensorPrimitives.Dot(g, xb);
                if (xa[i] != 0)
                {
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(g, xa[i], db, db);
                }
            }
        }
    }
}
