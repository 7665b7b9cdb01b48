namespace Sanitas.Anonymization;

/// <summary>Utility (information loss) metrics, with ARX's definitions; lower is better for all of them.</summary>
public enum UtilityMetric
{
    /// <summary>Non-uniform entropy, monotonic variant: suppressed records are charged like generalized ones (config: <c>non-uniform-entropy</c>).</summary>
    NonUniformEntropy,

    /// <summary>Non-uniform entropy, non-monotonic variant: suppressed records add the entropy of their generalized values (config: <c>non-uniform-entropy-non-monotonic</c>).</summary>
    NonUniformEntropyNonMonotonic,

    /// <summary>Discernibility (DM): Σ|E|² over released classes plus |D| for every suppressed record (config: <c>discernibility</c>).</summary>
    Discernibility,

    /// <summary>Monotonic discernibility (DM*): Σ|E|² over all classes, suppressed ones included (config: <c>discernibility-monotonic</c>).</summary>
    DiscernibilityMonotonic,

    /// <summary>Loss (Iyengar 2002): the share of each attribute's domain a generalized value covers, normalized to [0, 1] (config: <c>loss</c>).</summary>
    Loss,

    /// <summary>Precision (Sweeney 2002): each value's generalization level relative to the hierarchy's height, in [0, 1] (config: <c>precision</c>).</summary>
    Precision,

    /// <summary>Average equivalence-class size (LeFevre et al. 2006): records per class, suppressed records forming one class (config: <c>aecs</c>).</summary>
    AverageClassSize,

    /// <summary>Height: the sum of the generalization levels (config: <c>height</c>).</summary>
    Height,
}
