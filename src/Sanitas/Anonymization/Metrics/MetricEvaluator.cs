namespace Sanitas.Anonymization;

/// <summary>The prepared computation of one utility metric over the lattice.</summary>
internal abstract class MetricEvaluator
{
    /// <summary>Whether the loss never decreases when a transformation is generalized (given suppression or not).</summary>
    public abstract bool IsMonotonic(bool withSuppression);

    /// <summary>Whether the loss depends on the transformation alone, not on the classes or suppression.</summary>
    public virtual bool IsIndependent => false;

    /// <summary>A lower bound of the loss of the node and every node above it, computable without grouping, or null.</summary>
    public virtual double? LowerBound(int[] node) => null;

    /// <summary>The loss of a checked node (its classes and which of them are suppressed).</summary>
    public abstract double Loss(int[] node, Snapshot snapshot, bool[] suppressed);

    /// <summary>
    /// Each quasi-identifier's unweighted share of the loss of a checked node, for metrics that are an
    /// aggregate over attributes; <see langword="null"/> for metrics that are not (discernibility, average class size).
    /// </summary>
    public virtual double[]? PerAttribute(int[] node, Snapshot snapshot, bool[] suppressed) => null;
}
