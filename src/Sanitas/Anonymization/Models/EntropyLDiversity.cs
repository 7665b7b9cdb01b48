using Sanitas.Data;

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
            throw new InvalidOptionException($"entropy-l-diversity on '{Attribute}': l must be at least 1, got {L}.");
        }
    }

    /// <inheritdoc/>
    public override string StrengthParameter => "l";

    /// <inheritdoc/>
    public override double? Strength => L;

    /// <inheritdoc/>
    public override PrivacyModel? Strengthen(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return L + 1 <= table[Attribute].DistinctCount ? this with { L = L + 1 } : null;
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

    /// <summary>
    /// G(1), G(2), G(4), …, G(100): index i holds G(2i) (and G(1) at 0); odd n &gt; 1 uses G(n−1).
    /// ARX's precomputed values, verbatim: summing 2/(2k−1) in double drifts from them by up to 3 ulps.
    /// </summary>
    private static double[] BuildGrassbergerTable() =>
    [
        -1.2703628454614782, 0.7296371545385218, 1.3963038212051886, 1.7963038212051885, 2.0820181069194743,
        2.3042403291416966, 2.4860585109598783, 2.639904664806032, 2.7732379981393653, 2.8908850569628948,
        2.9961482148576315, 3.091386310095727, 3.178342831834857, 3.2583428318348573, 3.3324169059089312,
        3.4013824231503107, 3.4658985521825687, 3.5265046127886293, 3.5836474699314866, 3.6377015239855406,
        3.6889835752675917, 3.7377640630724698, 3.7842756909794466, 3.8287201354238913, 3.871273326913253,
        3.912089653443865, 3.951305339718375, 3.9890411887749786, 4.025404825138615, 4.060492544436861,
        4.094390849521607, 4.127177734767508, 4.1589237665135395, 4.18969299728277, 4.219543743551427,
        4.248529250797804, 4.276698264882311, 4.304095525156284, 4.33076219182295, 4.356736217796977,
        4.382052673493179, 4.40674403151787, 4.430840417060039, 4.454369828824745, 4.477358334571871,
        4.49983024468423, 4.521808266662253, 4.543313643006339, 4.564366274585286, 4.5849848312863175,
        4.605186851488337,
    ];

    private sealed class Criterion(double l, EntropyEstimator estimator) : ClassCriterion
    {
        private readonly int _minimalDistinct = (int)Math.Ceiling(l);

        // ARX's test: Σ nᵢ·ψ(nᵢ) ≤ N·(ψ(N) − ln l), i.e. entropy ≥ ln l with equality passing.
        // ARX stops as soon as the partial sum exceeds the bound. That is only sound for Shannon
        // (ln n ≥ 0); Grassberger's G(1) is negative, so a later singleton can bring the sum back
        // under the bound and the early stop would make the verdict depend on the histogram's order.
        public override bool IsSatisfied(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts)
        {
            if (counts.Length < _minimalDistinct)
            {
                return false;
            }
            var bound = size * (Psi(size, estimator) - Math.Log(l));
            var stopEarly = estimator == EntropyEstimator.Shannon;
            var sum = 0d;
            foreach (var c in counts)
            {
                sum += c * Psi(c, estimator);
                if (stopEarly && bound < sum)
                {
                    return false;
                }
            }
            return !(bound < sum);
        }
    }
}
