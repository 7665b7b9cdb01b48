namespace Sanitas.Learning.Neural;

/// <summary>
/// An affine map of each feature, x' = (x − offset)·scale, applied before a network sees the data.
/// <see cref="FromBounds"/> uses declared bounds only (safe for DP training: it reads no data and
/// clamps to the bounds); <see cref="StandardizeFromData"/> uses the data's means and standard
/// deviations, which reveals them, so it is for non-private training only.
/// </summary>
public sealed record FeatureScaler
{
    private readonly double[] _offsets;
    private readonly double[] _scales;
    private readonly double[]? _lower;
    private readonly double[]? _upper;

    private FeatureScaler(double[] offsets, double[] scales, double[]? lower, double[]? upper)
    {
        _offsets = offsets;
        _scales = scales;
        _lower = lower;
        _upper = upper;
    }

    /// <summary>The offsets subtracted from each feature.</summary>
    public IReadOnlyList<double> Offsets => _offsets;

    /// <summary>The factors applied after subtracting the offset.</summary>
    public IReadOnlyList<double> Scales => _scales;

    /// <summary>The declared lower bounds features are clamped to, or null (data-fitted scaler).</summary>
    public IReadOnlyList<double>? LowerBounds => _lower;

    /// <summary>The declared upper bounds features are clamped to, or null (data-fitted scaler).</summary>
    public IReadOnlyList<double>? UpperBounds => _upper;

    /// <summary>Whether the scaler was derived from declared bounds (true) or from the data (false).</summary>
    public bool FromDeclaredBounds => _lower is not null;

    /// <summary>Clamps each feature to its declared [min, max] and maps that interval onto [−1, 1].</summary>
    /// <param name="lower">The declared minima.</param>
    /// <param name="upper">The declared maxima, each greater than its minimum.</param>
    /// <returns>The scaler.</returns>
    public static FeatureScaler FromBounds(IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count != upper.Count || lower.Count == 0)
        {
            throw new ArgumentException($"One lower and one upper bound per feature are needed ({lower.Count} and {upper.Count} given).", nameof(upper));
        }
        var offsets = new double[lower.Count];
        var scales = new double[lower.Count];
        for (var i = 0; i < lower.Count; i++)
        {
            if (!double.IsFinite(lower[i]) || !double.IsFinite(upper[i]) || !(upper[i] > lower[i]))
            {
                throw new ArgumentException($"Feature {i + 1}: the bounds [{lower[i]}, {upper[i]}] must be finite with min < max.", nameof(upper));
            }
            offsets[i] = (lower[i] + upper[i]) / 2;
            scales[i] = 2 / (upper[i] - lower[i]);
        }
        return new FeatureScaler(offsets, scales, [.. lower], [.. upper]);
    }

    /// <summary>
    /// Standardizes each feature to mean 0 and standard deviation 1 on <paramref name="data"/>. Not
    /// differentially private: the scaler reveals the data's means and deviations. Non-private training only.
    /// </summary>
    /// <param name="data">The training data.</param>
    /// <returns>The scaler.</returns>
    public static FeatureScaler StandardizeFromData(NeuralDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var d = data.FeatureCount;
        var offsets = new double[d];
        var scales = new double[d];
        for (var j = 0; j < d; j++)
        {
            double mean = 0, m2 = 0;
            for (var r = 0; r < data.Count; r++)
            {
                // Welford's update.
                var x = data.Features(r)[j];
                var delta = x - mean;
                mean += delta / (r + 1);
                m2 += delta * (x - mean);
            }
            var std = data.Count > 1 ? Math.Sqrt(m2 / data.Count) : 0;
            offsets[j] = mean;
            scales[j] = std > 0 ? 1 / std : 1;
        }
        return new FeatureScaler(offsets, scales, null, null);
    }

    /// <summary>Maps one row of raw features.</summary>
    /// <param name="raw">The raw features.</param>
    /// <param name="scaled">Receives the scaled features.</param>
    public void Transform(ReadOnlySpan<double> raw, Span<double> scaled)
    {
        if (raw.Length != _offsets.Length || scaled.Length != _offsets.Length)
        {
            throw new ArgumentException($"The scaler takes {_offsets.Length} features, not {raw.Length}.", nameof(raw));
        }
        for (var i = 0; i < raw.Length; i++)
        {
            var x = _lower is null ? raw[i] : Math.Clamp(raw[i], _lower[i], _upper![i]);
            scaled[i] = (x - _offsets[i]) * _scales[i];
        }
    }

    /// <inheritdoc />
    public bool Equals(FeatureScaler? other) =>
        other is not null && _offsets.AsSpan().SequenceEqual(other._offsets) && _scales.AsSpan().SequenceEqual(other._scales)
        && FromDeclaredBounds == other.FromDeclaredBounds;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_offsets.Length, _offsets.Length > 0 ? _offsets[0] : 0, FromDeclaredBounds);
}
