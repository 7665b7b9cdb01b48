namespace Sanitas.Synthesis;

/// <summary>
/// One node of a PrivBayes network, the paper's "attribute–parent pair" (X, Π): the attribute and
/// the attributes it is drawn conditionally on, all of which come earlier in the network's order.
/// </summary>
/// <param name="Attribute">X, an attribute index.</param>
/// <param name="Parents">Π, attribute indices in ascending order (empty for the first node).</param>
internal sealed record AttributeParents(int Attribute, int[] Parents)
{
    /// <summary>The measured marginal's attributes: the parents, then the attribute (its cells vary fastest).</summary>
    public int[] Marginal => [.. Parents, Attribute];
}
