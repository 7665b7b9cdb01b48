namespace Sanitas.Anonymization;

/// <summary>
/// A syntactic privacy model that every equivalence class of a released table must satisfy.
/// A class that fails is suppressed, as long as the suppression limit allows.
/// </summary>
/// <remarks>
/// Monotonicity decides how the lattice search may prune: a model that is monotonic
/// with generalization stays satisfied when a transformation is generalized further, so a
/// satisfied node implies all of its successors. With record suppression only some models
/// keep that property; ARX declares which, and so does each model here.
/// </remarks>
public abstract record PrivacyModel
{
    /// <summary>The sensitive attribute the model constrains, or <see langword="null"/> for k-anonymity.</summary>
    public virtual string? SensitiveAttribute => null;

    /// <summary>Whether generalizing a satisfying transformation keeps it satisfying when records are suppressed.</summary>
    public abstract bool IsMonotonicWithSuppression { get; }

    /// <summary>Whether generalizing a satisfying transformation keeps it satisfying without suppression.</summary>
    public virtual bool IsMonotonicWithGeneralization => true;

    /// <summary>The smallest class that can satisfy the model (k for k-anonymity, l for l-diversity).</summary>
    public virtual int MinimalClassSize => 1;

    /// <summary>A short name as used in configuration files, e.g. <c>k-anonymity</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Checks the parameters, throwing <see cref="ArgumentException"/> naming the bad one.</summary>
    public abstract void Validate();

    /// <summary>Prepares the per-class test against the encoded data.</summary>
    internal abstract ClassCriterion Prepare(CriterionContext context);
}
