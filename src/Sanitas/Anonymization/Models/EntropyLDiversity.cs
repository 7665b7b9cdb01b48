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
        new Criterion(Math.Log(L), Estimator) { SensitiveIndex = context.SensitiveIndex };

    /// <summary>The entropy (natural logarithm) of a class with the given value counts.</summary>
    internal static double Entropy(ReadOnlySpan<int> counts, int size, EntropyEstimator estimator)
    {
        double n = size;
        if (estimator == EntropyEstimator.Shannon)
        {
            var h = 0d;
            foreach (var c in counts)
            {
                var p = c / n;
                h -= p * Math.Log(p);
            }
            return h;
        }
        // Grassberger (2003), Eq. (35): H = ln N - (1/N) sum n_i G(n_i),
        // G(n) = psi(n) + (-1)^n / 2 * (psi((n+1)/2) - psi(n/2)).
        var sum = 0d;
        foreach (var c in counts)
        {
            var g = SpecialFunctions.Digamma(c) + ((c & 1) == 0 ? 0.5 : -0.5) * (SpecialFunctions.Digamma((c + 1) / 2d) - SpecialFunctions.Digamma(c / 2d));
            sum += c * g;
        }
        return Math.Log(n) - sum / n;
    }

    private sealed class Criterion(double logL, EntropyEstimator estimator) : ClassCriterion
    {
        public override bool IsSatisfied(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts) =>
            Entropy(counts, size, estimator) >= logL - 1e-12;
    }
}
