namespace Sanitas.Synthesis;

/// <summary>
/// A fitted PrivBayes model: the network in its topological order and, per node, the noisy
/// conditional distribution Pr*[X | Π] as a row-major table (one row of |dom X| probabilities per
/// parent cell, parents in <see cref="AttributeParents.Parents"/> order, the last parent fastest).
/// </summary>
/// <param name="Sizes">The cells of every attribute.</param>
/// <param name="Network">The nodes in the order they were chosen (parents always earlier).</param>
/// <param name="Conditionals">Per node, its conditional table.</param>
/// <param name="EstimatedRows">The DP estimate of the input's size (inverse-variance mean of the noisy totals).</param>
internal sealed record PrivBayesModel(int[] Sizes, IReadOnlyList<AttributeParents> Network, IReadOnlyList<double[]> Conditionals, double EstimatedRows)
{
    /// <summary>Per node, the noisy joint Pr[X, Π] it was measured as (released: DP).</summary>
    public IReadOnlyList<Measurement> Joints { get; init; } = [];
}
