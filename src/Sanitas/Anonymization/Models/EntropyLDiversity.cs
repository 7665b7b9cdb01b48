namespace Sanitas.Anonymization;

/// <summary>
/// Entropy l-diversity: the entropy of the sensitive attribute's distribution within every
/// equivalence class is at least log(l) (Machanavajjhala et al. 2007, "l-diversity: privacy
/// beyond k-anonymity", Definition 4.1). The entropy is the plug-in Shannon estimate or
/// Grassberger's corrected estimate (Grassberger 2003), as ARX offers both.
/// </summary>
/// <param name="Attribute">The sensitive attribute.</param>
/// <param name="L">The parameter l, at least 1 (need not be whole).</param>
/// <param name="Estimator">The entropy estimator.</param>
public sealed record EntropyLDiversity(string Attribute, double L, EntropyEstimator Estimator = EntropyEstimator.Shannon) : PrivacyModel
{
    /// <inheritdoc/>
    public override string? SensitiveAttribute => Attribute;

    /// <inheritdoc/>
    public override bool IsMonotonicWithSuppression => false;

    /// <inheritdoc/>
    public override int MinimalClassSize => (int)Math.Ceiling(L);

    /// <inheritdoc/>
    public override string Name => "entropy-l-diversity";

    /// <inheritdoc/>
    public override void Validate()
    {
        if (!(L >= 1))
        {
            throw new ArgumentException($"entropy-l-diversity on '{Attribute}': l must be at least 1, got {L}.");
        }
    }

    internal override ClassCriterion Prepare(CriterionContext context) =>
        new Criterion(L, Estimator) { SensitiveIndex = context.SensitiveIndex };

    /// <summary>
    /// The class's entropy in nats: ψ(N) − (1/N)·Σ nᵢ·ψ(nᵢ), with ψ = ln for the Shannon estimate and
    /// ψ = Grassberger's G for the corrected one (Grassberger 2003, Eq. 35: G(1) = −γ − ln 2,
    /// G(2n+1) = G(2n) = −γ − ln 2 + Σₖ₌₁..ₙ 2/(2k−1)), as ARX computes it.
    /// </summary>
    internal static double Entropy(ReadOnlySpan<int> counts, int size, EntropyEstimator estimator)
    {
        var sum = 0d;
        foreach (var c in counts)
        {
            sum += c * Psi(c, estimator);
        }
        return Psi(size, estimator) - sum / size;
    }

    private static readonly double[] GrassbergerTable = BuildGrassbergerTable();

    private static double Psi(int n, EntropyEstimator estimator)
    {
        if (estimator == EntropyEstimator.Shannon)
        {
            return Math.Log(n);
        }
        if (n <= 100)
        {
            return GrassbergerTable[n / 2];
        }
        // Asymptotic expansion of G for large even n, as ARX does: ln n + m(1/24 − m(7/960 − m·31/8064)), m = 1/(n/2)².
        double even = n - (n % 2);
        var m = 1d / (even / 2 * (even / 2));
        return Math.Log(even) + m * (1d / 24 - m * (7d / 960 - m * (31d / 8064)));
    }

    /// <summary>G(1), G(2), G(4), …, G(100): index i holds G(2i) (and G(1) at 0); odd n &gt; 1 uses G(n−1).</summary>
    private static double[] BuildGrassbergerTable()
    {
        const double EulerGamma = 0.57721566490153286060651209;
        var table = new double[51];
        var g = -EulerGamma - Math.Log(2);
        table[0] = g;
        for (var k = 1; k <= 50; k++)
        {
            g += 2d / (2 * k - 1);
            table[k] = g;
        }
        return table;
    }

    private sealed class Criterion(double l, EntropyEstimator estimator) : ClassCriterion
    {
        private readonly int _minimalDistinct = (int)Math.Ceiling(l);

        // ARX's exact test: Σ nᵢ·ψ(nᵢ) ≤ N·(ψ(N) − ln l), i.e. entropy ≥ ln l with equality passing.
        public override bool IsSatisfied(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts)
        {
            if (counts.Length < _minimalDistinct)
            {
                return false;
            }
            var bound = size * (Psi(size, estimator) - Math.Log(l));
            var sum = 0d;
            foreach (var c in counts)
            {
                sum += c * Psi(c, estimator);
                if (bound < sum)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
