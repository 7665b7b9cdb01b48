namespace Sanitas.Synthesis;

/// <summary>
/// The synthetic table's fidelity measured against the noisy marginals the mechanism itself released, at no
/// extra privacy cost: both sides are DP (the table and the measurements), so every number here is
/// post-processing and the real rows are never read. For each released marginal: the TVD between the
/// synthetic table's marginal and the noisy one (<see cref="MeasurementFit.Tvd"/>), and the TVD the noise
/// alone would give if the synthetic marginal were the truth (<see cref="MeasurementFit.NoiseTvd"/>), so that
/// model error can be told from noise. It is not the exact fidelity (the data owner's
/// <see cref="SyntheticDataEvaluator"/> compares with the real rows) and covers only the marginals released.
/// </summary>
/// <param name="Fits">One fit per released noisy marginal, in the order they were measured.</param>
/// <param name="Scope">Which releases were compared (differs by mechanism).</param>
public sealed record MeasurementFidelity(IReadOnlyList<MeasurementFit> Fits, string Scope)
{
    /// <summary>The fits by marginal degree (1-way, 2-way, …), ascending.</summary>
    public IReadOnlyList<MeasurementFitSummary> Degrees => Summarize(Fits);

    /// <summary>What the comparison is and why it costs nothing.</summary>
    public const string Description =
        "the synthetic table's marginals against the noisy marginals the mechanism released (both DP): post-processing, no extra privacy cost, the real rows are not read";

    /// <summary>What <see cref="MeasurementFit.NoiseTvd"/> assumes.</summary>
    public const string NoiseModel =
        "noiseTvd: the TVD the noise alone would give if the synthetic marginal were the truth (each cell N(0, sigma^2) noise, negative cells set to 0, normalized as the release is); estimated by a fixed-seed simulation of the noise";

    /// <summary>One line per marginal degree, for people: mean TVD against the releases and what the noise alone gives.</summary>
    public IReadOnlyList<string> SummaryLines() =>
    [
        .. Degrees.Select(d => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{d.Degree}-way ({d.Count} released): mean TVD {d.MeanTvd:F4}, noise alone {d.MeanNoiseTvd:F4}; largest excess {d.MaxExcess:F4} on {string.Join(" × ", d.Worst)}")),
    ];

    /// <summary>
    /// Compares <paramref name="synthetic"/> with every released measurement. Reads nothing but its arguments:
    /// the noisy measurements, the synthetic cells and the DP size estimate.
    /// </summary>
    /// <param name="released">The noisy marginals the mechanism released.</param>
    /// <param name="synthetic">The synthetic table over the declared cells.</param>
    /// <param name="names">The declared columns' names.</param>
    /// <param name="estimatedRows">The mechanism's DP estimate of the input's size (N̂ of the noise model).</param>
    /// <param name="scope">Which releases were compared.</param>
    internal static MeasurementFidelity Compute(IReadOnlyList<ReleasedMeasurement> released, EncodedTable synthetic, IReadOnlyList<string> names,
        double estimatedRows, string scope)
    {
        var n = Math.Max(1, estimatedRows);
        var compressed = new Dictionary<DomainCompression, EncodedTable>(ReferenceEqualityComparer.Instance);
        var fits = new List<MeasurementFit>(released.Count);
        foreach (var r in released)
        {
            var m = r.Measurement;
            if (m.Attributes.Length == 0)
            {
                continue;
            }
            var table = synthetic;
            if (r.Compression is { } compression)
            {
                if (!compressed.TryGetValue(compression, out var c))
                {
                    c = compression.Compress(synthetic);
                    compressed[compression] = c;
                }
                table = c;
            }
            var q = Normalized(table.Histogram(m.Attributes));
            var p = ReleasedShares(m.Values);
            var tvd = 0.0;
            for (var i = 0; i < q.Length; i++)
            {
                tvd += Math.Abs(q[i] - p[i]);
            }
            fits.Add(new MeasurementFit([.. m.Attributes.Select(a => names[a])], q.Length, m.Sigma, tvd / 2, NoiseTvd(q, m, n)));
        }
        return new MeasurementFidelity(fits, scope);
    }

    /// <summary>The released counts as a distribution: negative cells set to 0, normalized; uniform when no cell is positive.</summary>
    internal static double[] ReleasedShares(double[] noisy)
    {
        var shares = new double[noisy.Length];
        var total = 0.0;
        for (var i = 0; i < noisy.Length; i++)
        {
            shares[i] = Math.Max(0, noisy[i]);
            total += shares[i];
        }
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = total > 0 ? shares[i] / total : 1.0 / shares.Length;
        }
        return shares;
    }

    /// <summary>
    /// E ½ Σ |q_i − max(0, N̂ q_i + s_i Z_i)/S| with s_i = σ / w_i (the measurement's noise per cell) and S the clipped
    /// total (uniform when S = 0), the same clipping and normalizing as <see cref="ReleasedShares"/>: the release's TVD
    /// to q if q were the truth. Estimated by simulating the noise (continuous Gaussian for the discrete one) with a
    /// fixed-seed generator: a computation on DP values only, not a release, so its randomness needs no secure source
    /// and the same inputs always give the same number. Draws: 32 to 4,096, about 250,000 cells in all per measurement (a sum over many cells varies little).
    /// The normalization matters: a closed form with S fixed at its mean is off when S varies (for one cell the TVD
    /// is 0 whatever the noise).
    /// </summary>
    internal static double NoiseTvd(double[] q, Measurement m, double n)
    {
        var cells = q.Length;
        var draws = Math.Clamp(250_000 / Math.Max(1, cells), 32, 4096);
        var scale = new double[cells];
        for (var i = 0; i < cells; i++)
        {
            scale[i] = m.Sigma / m.Weight(i);
        }
        var generator = new SplitMix(0x5EED_F1DE_11D7UL ^ (ulong)cells);
        var noisy = new double[cells];
        var sum = 0.0;
        for (var t = 0; t < draws; t++)
        {
            var total = 0.0;
            for (var i = 0; i < cells; i++)
            {
                noisy[i] = Math.Max(0, (n * q[i]) + (scale[i] * generator.NextGaussian()));
                total += noisy[i];
            }
            var tvd = 0.0;
            for (var i = 0; i < cells; i++)
            {
                tvd += Math.Abs(q[i] - (total > 0 ? noisy[i] / total : 1.0 / cells));
            }
            sum += tvd / 2;
        }
        return sum / draws;
    }

    /// <summary>SplitMix64 (Steele, Lea &amp; Flood 2014) with Box–Muller: a small deterministic generator for the noise simulation only.</summary>
    private struct SplitMix(ulong seed)
    {
        private ulong _state = seed;
        private double _spare = double.NaN;

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        private double Uniform() => ((Next() >> 11) + 0.5) * (1.0 / (1UL << 53));

        public double NextGaussian()
        {
            if (!double.IsNaN(_spare))
            {
                var spare = _spare;
                _spare = double.NaN;
                return spare;
            }
            var r = Math.Sqrt(-2 * Math.Log(Uniform()));
            var angle = 2 * Math.PI * Uniform();
            _spare = r * Math.Sin(angle);
            return r * Math.Cos(angle);
        }
    }

    private static double[] Normalized(double[] counts)
    {
        var total = 0.0;
        foreach (var c in counts)
        {
            total += c;
        }
        var shares = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            shares[i] = total > 0 ? counts[i] / total : 0;
        }
        return shares;
    }

    private static List<MeasurementFitSummary> Summarize(IReadOnlyList<MeasurementFit> fits) =>
    [
        .. fits.GroupBy(f => f.Attributes.Count).OrderBy(g => g.Key).Select(g =>
        {
            var worst = g.MaxBy(f => f.Excess)!;
            return new MeasurementFitSummary(g.Key, g.Count(), g.Average(f => f.Tvd), g.Average(f => f.NoiseTvd), worst.Excess, worst.Attributes);
        }),
    ];
}
