using Sanitas.Privacy;

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
        "noiseTvd: the TVD the noise alone would give if the synthetic marginal were the truth (each cell N(0, sigma^2) noise, negative cells set to 0, normalized; expectation in closed form with the clipped total at its mean)";

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
    /// E ½ Σ |q_i − max(0, μ_i + s_i Z)/S̄| with μ_i = N̂ q_i, s_i = σ / w_i (the measurement's noise per cell) and
    /// the clipped total S replaced by its expectation S̄ = Σ E max(0, μ_i + s_i Z): exact per cell, the only
    /// approximation is S ≈ S̄ (its relative spread is about √(Σ s_i²)/S̄).
    /// </summary>
    internal static double NoiseTvd(double[] q, Measurement m, double n)
    {
        var total = 0.0;
        for (var i = 0; i < q.Length; i++)
        {
            total += ClippedMean(n * q[i], m.Sigma / m.Weight(i));
        }
        if (!(total > 0))
        {
            return 0;
        }
        var sum = 0.0;
        for (var i = 0; i < q.Length; i++)
        {
            sum += AbsoluteDeviation(q[i] * total, n * q[i], m.Sigma / m.Weight(i));
        }
        return sum / (2 * total);
    }

    /// <summary>E max(0, Y) for Y ~ N(μ, s²): μΦ(μ/s) + sφ(μ/s).</summary>
    internal static double ClippedMean(double mu, double s) =>
        (mu * NormalDistribution.Cdf(mu / s)) + (s * Density(mu / s));

    /// <summary>E |a − max(0, Y)| for a ≥ 0 and Y ~ N(μ, s²), in closed form (split at Y = 0 and Y = a).</summary>
    internal static double AbsoluteDeviation(double a, double mu, double s)
    {
        var alpha = -mu / s;
        var beta = (a - mu) / s;
        double pa = NormalDistribution.Cdf(alpha), pb = NormalDistribution.Cdf(beta);
        double da = Density(alpha), db = Density(beta);
        // P(Y ≤ 0)·a + E[(a − Y); 0 < Y < a] + E[(Y − a); Y > a].
        return (a * pa) + ((a - mu) * (pb - pa)) + (s * (db - da)) + ((mu - a) * (1 - pb)) + (s * db);
    }

    private static double Density(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

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
