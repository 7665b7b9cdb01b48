using System.Numerics.Tensors;

namespace Sanitas.Synthesis.Gan;

/// <summary>
/// A fully connected layer y = W x + b over a batch (rows of a row-major matrix), its weights a slice
/// of a network's flat parameter vector (W row-major outputs × inputs, then b), so that gradients can be
/// clipped, noised and stepped as one vector. The per-example gradient of a layer is the outer product
/// δ xᵀ (and δ for b), so its squared norm is ‖δ‖²(‖x‖² + 1) and the clipped sum Σ cᵢ δᵢ xᵢᵀ needs no
/// per-example gradient buffer (Goodfellow 2015, "Efficient per-example gradient computations").
/// </summary>
internal readonly record struct DenseLayer(int Offset, int Inputs, int Outputs)
{
    /// <summary>The number of parameters (weights and biases).</summary>
    public int ParameterCount => (Inputs * Outputs) + Outputs;

    public ReadOnlySpan<double> Weights(ReadOnlySpan<double> parameters) => parameters.Slice(Offset, Inputs * Outputs);

    public ReadOnlySpan<double> Biases(ReadOnlySpan<double> parameters) => parameters.Slice(Offset + (Inputs * Outputs), Outputs);

    /// <summary>Glorot/He-uniform weights and zero biases, as PyTorch's default <c>Linear</c> initialization (bound 1/√fan-in).</summary>
    public void Initialize(Span<double> parameters, Random seeded)
    {
        var bound = 1 / Math.Sqrt(Inputs);
        var all = parameters.Slice(Offset, ParameterCount);
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = ((2 * seeded.NextDouble()) - 1) * bound;
        }
    }

    /// <summary>y_i = W x_i + b for the rows i &lt; n; x has stride <paramref name="xStride"/> (the layer reads its first Inputs columns), y stride Outputs.</summary>
    public void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, int xStride, Span<double> y, int yStride, int n)
    {
        var w = Weights(parameters);
        var b = Biases(parameters);
        for (var i = 0; i < n; i++)
        {
            var xi = x.Slice(i * xStride, Inputs);
            var yi = y.Slice(i * yStride, Outputs);
            for (var o = 0; o < Outputs; o++)
            {
                yi[o] = TensorPrimitives.Dot(w.Slice(o * Inputs, Inputs), xi) + b[o];
            }
        }
    }

    /// <summary>dx_i = Wᵀ dy_i for rows i &lt; n (written, not added, into the first Inputs columns of each dx row).</summary>
    public void BackwardInput(ReadOnlySpan<double> parameters, ReadOnlySpan<double> dy, int dyStride, Span<double> dx, int dxStride, int n)
    {
        var w = Weights(parameters);
        for (var i = 0; i < n; i++)
        {
            var dyi = dy.Slice(i * dyStride, Outputs);
            var dxi = dx.Slice(i * dxStride, Inputs);
            dxi.Clear();
            for (var o = 0; o < Outputs; o++)
            {
                var g = dyi[o];
                if (g != 0)
                {
                    TensorPrimitives.MultiplyAdd(w.Slice(o * Inputs, Inputs), g, dxi, dxi);
                }
            }
        }
    }

    /// <summary>Adds Σ_i s_i dy_i x_iᵀ (and Σ_i s_i dy_i for the biases) into <paramref name="gradient"/> (the network's flat gradient); s_i = 1 without scales.</summary>
    public void AccumulateGradient(ReadOnlySpan<double> dy, int dyStride, ReadOnlySpan<double> x, int xStride, ReadOnlySpan<double> scales, int n, Span<double> gradient)
    {
        var gw = gradient.Slice(Offset, Inputs * Outputs);
        var gb = gradient.Slice(Offset + (Inputs * Outputs), Outputs);
        for (var i = 0; i < n; i++)
        {
            var s = scales.IsEmpty ? 1 : scales[i];
            if (s == 0)
            {
                continue;
            }
            var dyi = dy.Slice(i * dyStride, Outputs);
            var xi = x.Slice(i * xStride, Inputs);
            for (var o = 0; o < Outputs; o++)
            {
                var g = s * dyi[o];
                if (g != 0)
                {
                    TensorPrimitives.MultiplyAdd(xi, g, gw.Slice(o * Inputs, Inputs), gw.Slice(o * Inputs, Inputs));
                    gb[o] += g;
                }
            }
        }
    }

    /// <summary>Adds each row's squared per-example gradient norm of this layer, ‖dy_i‖²(‖x_i‖² + 1), into <paramref name="squaredNorms"/>.</summary>
    public void AddSquaredNorms(ReadOnlySpan<double> dy, int dyStride, ReadOnlySpan<double> x, int xStride, int n, Span<double> squaredNorms)
    {
        for (var i = 0; i < n; i++)
        {
            var dyi = dy.Slice(i * dyStride, Outputs);
            var xi = x.Slice(i * xStride, Inputs);
            squaredNorms[i] += TensorPrimitives.Dot(dyi, dyi) * (TensorPrimitives.Dot(xi, xi) + 1);
        }
    }
}
