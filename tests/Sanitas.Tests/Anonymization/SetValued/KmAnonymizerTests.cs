using Sanitas.Anonymization;
using Sanitas.Anonymization.SetValued;
using Sanitas.Samples;

namespace Sanitas.Tests.Anonymization.SetValued;

public class KmAnonymizerTests
{
    private static readonly ItemHierarchy Comorbidities = ItemHierarchy.Load(Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "comorbidity-hierarchy.csv"));

    private static List<IReadOnlySet<string>> TrialRecords(int patients, int seed)
    {
        var trial = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = patients, Seed = seed });
        var table = trial.Comorbidities;
        var ids = table[table.ColumnNames.First()];
        var items = table["Comorbidity"];
        return Enumerable.Range(0, table.RowCount).GroupBy(i => ids[i]).Select(g => (IReadOnlySet<string>)g.Select(i => items[i]!).ToHashSet()).ToList();
    }

    /// <summary>
    /// The adversary's view, by brute force: for every record and every set of at most m of its original items,
    /// count (by a full scan) the released records that contain the generalizations of those items.
    /// </summary>
    private static int SmallestMatch(IReadOnlyList<IReadOnlySet<string>> original, KmAnonymizationResult result, int m)
    {
        var smallest = int.MaxValue;
        foreach (var record in original)
        {
            var items = record.ToArray();
            for (var mask = 1; mask < 1 << items.Length; mask++)
            {
                if (System.Numerics.BitOperations.PopCount((uint)mask) > m)
                {
                    continue;
                }
                var known = Enumerable.Range(0, items.Length).Where(i => (mask & (1 << i)) != 0).Select(i => result.Generalization[items[i]]).ToHashSet();
                var matches = result.Records.Count(r => known.All(r.Contains));
                smallest = Math.Min(smallest, matches);
            }
        }
        return smallest;
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(5, 2)]
    [InlineData(10, 2)]
    [InlineData(20, 3)]
    public void On_the_trials_comorbidities_anyone_knowing_m_items_matches_at_least_k_records(int k, int m)
    {
        var records = TrialRecords(120, 11);

        var result = KmAnonymizer.Anonymize(records, Comorbidities, k, m);

        Assert.True(SmallestMatch(records, result, m) >= k);
        Assert.Equal(records.Count, result.Records.Count);
        Assert.All(records.Zip(result.Records), p => Assert.All(p.First, item => Assert.Contains(result.Generalization[item], p.Second)));
    }

    [Fact]
    public void The_check_fails_on_the_raw_data_so_the_generalization_is_needed()
    {
        var records = TrialRecords(120, 11);
        var identity = new KmAnonymizationResult(records, Comorbidities.Leaves.ToDictionary(l => l, l => l), 0, 0);

        Assert.True(SmallestMatch(records, identity, 2) < 20);
        Assert.True(KmAnonymizer.Anonymize(records, Comorbidities, 20, 2).Steps > 0);
    }

    [Fact]
    public void A_small_example_generalizes_only_what_it_must()
    {
        var hierarchy = ItemHierarchy.FromPaths([["a1", "A", "*"], ["a2", "A", "*"], ["b1", "B", "*"], ["b2", "B", "*"]]);
        IReadOnlySet<string>[] records = [new HashSet<string> { "a1", "b1" }, new HashSet<string> { "a1", "b1" }, new HashSet<string> { "a2", "b1" }, new HashSet<string> { "a1", "b1" }];

        // k = 2, m = 1: a2 occurs once, so a1 and a2 become A (the cheapest fix); b1 occurs 4 times and stays.
        var result = KmAnonymizer.Anonymize(records, hierarchy, 2, 1);

        Assert.Equal("A", result.Generalization["a1"]);
        Assert.Equal("A", result.Generalization["a2"]);
        Assert.Equal("b1", result.Generalization["b1"]);
        Assert.Equal(1, result.Steps);
        Assert.True(SmallestMatch(records, result, 1) >= 2);
    }

    [Fact]
    public void Too_few_records_for_k_is_reported_and_unknown_items_are_named()
    {
        var hierarchy = ItemHierarchy.FromPaths([["a1", "A", "*"], ["a2", "A", "*"]]);

        var error = Assert.Throws<AnonymizationException>(() => KmAnonymizer.Anonymize([new HashSet<string> { "a1" }, new HashSet<string> { "a2" }], hierarchy, 3, 1));
        Assert.Contains("No k^m-anonymous generalization exists for k = 3, m = 1", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<AnonymizationException>(() => KmAnonymizer.Anonymize([new HashSet<string> { "zz" }], hierarchy, 1, 1));
        Assert.Contains("Item 'zz' is not in the item hierarchy", error.Message, StringComparison.Ordinal);
    }
}
