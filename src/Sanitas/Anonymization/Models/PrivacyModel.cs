using Sanitas.Data;

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

    /// <summary>
    /// The parameter <see cref="Strengthen"/> raises, as the risk loop names it: <c>k</c>, <c>l</c> or <c>t</c>;
    /// <see langword="null"/> for a model that has none.
    /// </summary>
    public virtual string? StrengthParameter => null;

    /// <summary>The current value of <see cref="StrengthParameter"/> (k, l or t), or <see langword="null"/>.</summary>
    public virtual double? Strength => null;

    /// <summary>
    /// The next stronger model of the same kind for <paramref name="table"/> (k doubled up to the row count,
    /// l one higher up to the sensitive attribute's distinct values, t halved), or <see langword="null"/>
    /// when this model cannot be strengthened on that table.
    /// </summary>
    /// <param name="table">The table the model protects.</param>
    public virtual PrivacyModel? Strengthen(Table table) => null;

    /// <summary>Checks the parameters, throwing <see cref="ArgumentException"/> naming the bad one.</summary>
    public abstract void Validate();

    /// <summary>Prepares the per-class test against the encoded data.</summary>
    internal abstract ClassCriterion Prepare(CriterionContext context);
}
