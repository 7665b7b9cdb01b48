namespace Sanitas.Query;

/// <summary>
/// The numbering of a plan's groups: the cross product of the key domains, in domain order, the
/// last key varying fastest (group = Σ position_k · stride_k).
/// </summary>
internal static class DpGroupIndex
{
    /// <summary>Per key, the position of each public value in its domain.</summary>
    internal static List<Dictionary<object, int>> Positions(DpQueryPlan plan) =>
        plan.Keys.Select(k => k.Domain.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, SqlValueComparer.Instance)).ToList();

    /// <summary>Per key, how many groups one step in its domain moves.</summary>
    internal static int[] Strides(DpQueryPlan plan)
    {
        var strides = new int[plan.Keys.Count];
        for (int k = plan.Keys.Count - 1, stride = 1; k >= 0; k--)
        {
            strides[k] = stride;
            stride *= plan.Keys[k].Domain.Count;
        }
        return strides;
    }
}
