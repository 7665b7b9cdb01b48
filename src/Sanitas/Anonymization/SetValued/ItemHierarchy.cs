namespace Sanitas.Anonymization.SetValued;

/// <summary>
/// A generalization hierarchy over items (a tree; the root covers every item): read from ARX's hierarchy format,
/// one line per item, the item then its ancestors up to the root, separated by ';' (e.g. <c>Ulcer;Foot lesion;*</c>).
/// </summary>
public sealed class ItemHierarchy
{
    private readonly Dictionary<string, string?> _parent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _leafCount = new(StringComparer.Ordinal);

    private ItemHierarchy(IReadOnlyList<string[]> paths, string source)
    {
        var leaves = new List<string>();
        for (var line = 0; line < paths.Count; line++)
        {
            var path = paths[line];
            if (path.Length == 0 || path.Any(string.IsNullOrWhiteSpace))
            {
                throw new AnonymizationException($"{source}, line {line + 1}: empty item or level.");
            }
            leaves.Add(path[0]);
            for (var i = 0; i < path.Length; i++)
            {
                var parent = i + 1 < path.Length ? path[i + 1] : null;
                if (_parent.TryGetValue(path[i], out var known) && known != parent)
                {
                    throw new AnonymizationException($"{source}, line {line + 1}: '{path[i]}' has parent '{parent ?? "(root)"}' here but '{known ?? "(root)"}' on an earlier line.");
                }
                _parent[path[i]] = parent;
            }
        }
        var roots = _parent.Where(p => p.Value is null).Select(p => p.Key).ToList();
        if (roots.Count != 1)
        {
            throw new AnonymizationException($"{source}: the hierarchy must have one root; it has {roots.Count} ({string.Join(", ", roots)}).");
        }
        Root = roots[0];
        Leaves = leaves;
        foreach (var leaf in leaves)
        {
            for (var node = (string?)leaf; node is not null; node = _parent[node])
            {
                _leafCount[node] = _leafCount.GetValueOrDefault(node) + 1;
            }
        }
    }

    /// <summary>The root, which covers every item.</summary>
    public string Root { get; }

    /// <summary>The items (the leaves).</summary>
    public IReadOnlyList<string> Leaves { get; }

    /// <summary>Reads a hierarchy file in ARX's format (';'-separated, no header).</summary>
    public static ItemHierarchy Load(string path) =>
        new(File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l => l.Split(';').Select(s => s.Trim()).ToArray()).ToList(), path);

    /// <summary>Builds a hierarchy from paths, each an item followed by its ancestors up to the root.</summary>
    public static ItemHierarchy FromPaths(IEnumerable<string[]> paths) => new(paths.ToList(), "hierarchy");

    /// <summary>Whether the node is in the hierarchy.</summary>
    public bool Contains(string node) => _parent.ContainsKey(node);

    /// <summary>The parent of a node, or null for the root.</summary>
    public string? Parent(string node) => _parent[node];

    /// <summary>How many items a node covers (1 for an item).</summary>
    public int LeafCount(string node) => _leafCount[node];

    /// <summary>Whether <paramref name="ancestor"/> is the node itself or one of its ancestors.</summary>
    public bool Covers(string ancestor, string node)
    {
        for (var n = (string?)node; n is not null; n = _parent[n])
        {
            if (n == ancestor)
            {
                return true;
            }
        }
        return false;
    }
}
