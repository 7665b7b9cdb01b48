using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// What a model file may claim about its numbers. A DP model (<see cref="IsPrivate"/>) holds only DP
/// or public numbers: its parameters, the n it used (<see cref="Rows"/>: declared public or a DP
/// estimate) and its metrics (a public test set or DP hold-out counts); <see cref="Cost"/> is the
/// sequential composition of <see cref="Shares"/> and is exactly what the ledger was charged. A
/// not-private model says so and may hold exact numbers.
/// </summary>
/// <param name="IsPrivate">Whether every number in the file is DP or public.</param>
/// <param name="Cost">The composed cost (null for a not-private model).</param>
/// <param name="Shares">The DP releases and their costs (empty for a not-private model).</param>
/// <param name="Experimental">The experimental guarantees the run opted into (diagnostic IDs with a sentence each).</param>
/// <param name="Rows">The n the mechanism used, or null when it needs none.</param>
/// <param name="Metrics">The metrics, or null.</param>
public sealed record ModelRelease(
    bool IsPrivate, PrivacyCost? Cost, IReadOnlyList<PrivacyShare> Shares, IReadOnlyList<string> Experimental,
    RowCount? Rows, MetricsReport? Metrics)
{
    /// <summary>The neighbouring relation of every DP claim in Sanitas (the query ledger's).</summary>
    public const string Neighbouring = "add or remove one person (all of their rows, at most R after per-person bounding)";

    /// <summary>The label of a not-private model file.</summary>
    public const string NotPrivateLabel = "NOT PRIVATE: trained with --not-private on the data owner's data; every number in this file may be exact.";

    /// <summary>A not-private release with the given row count and metrics.</summary>
    public static ModelRelease NotPrivate(RowCount? rows = null, MetricsReport? metrics = null) => new(false, null, [], [], rows, metrics);

    /// <summary>ε of <see cref="Cost"/> (0 for a not-private model).</summary>
    public double Epsilon => Cost switch
    {
        PureDp p => p.Epsilon,
        ApproximateDp a => a.Epsilon,
        _ => 0,
    };

    /// <summary>δ of <see cref="Cost"/> (0 for pure DP and not-private models).</summary>
    public double Delta => Cost is ApproximateDp a ? a.Delta : 0;
}
