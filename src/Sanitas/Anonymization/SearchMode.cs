namespace Sanitas.Anonymization;

/// <summary>How the generalization lattice is searched.</summary>
public enum SearchMode
{
    /// <summary>Optimal search when the lattice has at most <see cref="AnonymizationConfig.OptimalSearchLimit"/> nodes, heuristic otherwise.</summary>
    Auto,

    /// <summary>The optimal search over the whole lattice (pruned by monotonicity).</summary>
    Optimal,

    /// <summary>A greedy top-down search that stops at the time limit; the result satisfies the models but may not be optimal.</summary>
    Heuristic,
}
