namespace Sanitas.Anonymization;

/// <summary>How the generalization lattice is searched.</summary>
public enum SearchMode
{
    /// <summary>Optimal search when the lattice has at most <see cref="AnonymizationConfig.OptimalSearchLimit"/> nodes, <see cref="Lightning"/> otherwise.</summary>
    Auto,

    /// <summary>The optimal search over the whole lattice (pruned by monotonicity).</summary>
    Optimal,

    /// <summary>A greedy top-down search that stops at the time limit; the result satisfies the models but may not be optimal.</summary>
    Heuristic,

    /// <summary>Lightning's best-first search (Prasser et al. 2016) with the time limit; optimal when it finishes within it.</summary>
    Lightning,

    /// <summary>
    /// A genetic algorithm over generalization vectors (elitism, crossover, mutation, immigration; as ARX 3.9's) with the
    /// time limit and at most 100 generations of 50; never proven optimal.
    /// </summary>
    Genetic,
}
