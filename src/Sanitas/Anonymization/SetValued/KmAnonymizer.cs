namespace Sanitas.Anonymization.SetValued;

/// <summary>
/// k^m-anonymity for set-valued data by the Apriori-based Anonymization (AA) of M. Terrovitis, N. Mamoulis and
/// P. Kalnis, "Privacy-preserving anonymization of set-valued data", PVLDB 1(1), 2008: an adversary who knows up
/// to m items of a person's record finds at least k records that match them. AA works level by level
/// (i = 1..m, Apriori-style): it counts the support of every i-itemset of the generalized records and, while some
/// itemset has support between 1 and k-1, applies the global generalization (all children of a hierarchy node
/// replaced by the node) that fixes the least-supported violation with the smallest loss of information (NCP).
/// Generalization is global (one cut of the hierarchy for all records), as in the paper.
/// </summary>
public static class KmAnonymizer
{
    /// <summary>Generalizes the records until they are k^m-anonymous.</summary>
    /// <exception cref="AnonymizationException">An item is not in the hierarchy, k or m is below 1, or even full generalization leaves fewer than k non-empty records.</exception>
    public static KmAnonymizationResult Anonymize(IReadOnlyList<IReadOnlySet<string>> records, ItemHierarchy hierarchy, int k, int m, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(hierarchy);
        if (k < 1 || m < 1)
        {
            throw new AnonymizationException($"km-anonymity needs k >= 1 and m >= 1 (got k = {k}, m = {m}).");
        }
        foreach (var item in records.SelectMany(r => r).Distinct())
        {
            if (!hierarchy.Contains(item))
            {
                throw new AnonymizationException($"Item '{item}' is not in the item hierarchy.");
            }
        }
        var cut = hierarchy.Leaves.ToDictionary(l => l, l => l, StringComparer.Ordinal);
        foreach (var item in records.SelectMany(r => r).Where(i => !cut.ContainsKey(i)).Distinct().ToList())
        {
            cut[item] = item;
        }
        var steps = 0;
        for (var size = 1; size <= m; size++)
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var generalized = Generalize(records, cut);
                var violation = Supports(generalized, size).Where(p => p.Value < k).OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).FirstOrDefault();
                if (violation is null)
                {
                    break;
                }
                var items = violation.Split('\u001F');
                // Candidate fixes: generalize one item of the violating itemset one level up; the cheapest in NCP first.
                var best = items.Where(i => hierarchy.Parent(i) is not null)
                    .Select(i => hierarchy.Parent(i)!)
                    .Distinct()
                    .OrderBy(p => hierarchy.LeafCount(p))
                    .ThenBy(p => p, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (best is null)
                {
                    throw new AnonymizationException($"No k^m-anonymous generalization exists for k = {k}, m = {m}: even the hierarchy's root is shared by fewer than k records.");
                }
                foreach (var leaf in cut.Keys.ToList())
                {
                    if (hierarchy.Covers(best, cut[leaf]))
                    {
                        cut[leaf] = best;
                    }
                }
                steps++;
            }
        }
        var result = Generalize(records, cut);
        var occurrences = result.Sum(r => r.Count);
        var total = Math.Max(1, hierarchy.Leaves.Count - 1);
        var loss = occurrences == 0 ? 0 : result.Sum(r => r.Sum(n => (hierarchy.LeafCount(n) - 1) / (double)total)) / occurrences;
        return new KmAnonymizationResult(result, cut, loss, steps);
    }

    private static List<IReadOnlySet<string>> Generalize(IReadOnlyList<IReadOnlySet<string>> records, Dictionary<string, string> cut) =>
        records.Select(r => (IReadOnlySet<string>)r.Select(i => cut[i]).ToHashSet(StringComparer.Ordinal)).ToList();

    /// <summary>The support of every itemset of the given size that occurs in some record (items joined by U+001F in ordinal order).</summary>
    internal static Dictionary<string, int> Supports(IReadOnlyList<IReadOnlySet<string>> records, int size)
    {
        var supports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var items = record.Order(StringComparer.Ordinal).ToArray();
            foreach (var subset in Subsets(items, size))
            {
                var key = string.Join('\u001F', subset);
                supports[key] = supports.GetValueOrDefault(key) + 1;
            }
        }
        return supports;
    }

    private static IEnumerable<string[]> Subsets(string[] items, int size)
    {
        if (size > items.Length)
        {
            yield break;
        }
        var index = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            yield return index.Select(i => items[i]).ToArray();
            var p = size - 1;
            while (p >= 0 && index[p] == items.Length - size + p)
            {
                p--;
            }
            if (p < 0)
            {
                yield break;
            }
            index[p]++;
            for (var q = p + 1; q < size; q++)
            {
                index[q] = index[q - 1] + 1;
            }
        }
    }
}
