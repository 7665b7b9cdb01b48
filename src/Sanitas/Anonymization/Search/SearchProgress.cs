namespace Sanitas.Anonymization;

/// <summary>Progress of a lattice search.</summary>
/// <param name="NodesClassified">Nodes whose status is known (checked, tagged or pruned).</param>
/// <param name="LatticeSize">All nodes.</param>
/// <param name="NodesChecked">Nodes checked against the data so far.</param>
public readonly record struct SearchProgress(long NodesClassified, long LatticeSize, int NodesChecked)
{
    /// <summary>The share of the lattice done, in [0, 1].</summary>
    public double Fraction => LatticeSize == 0 ? 1 : (double)NodesClassified / LatticeSize;
}
