using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization;

/// <summary>
/// ARX's small test files, copied into this folder: test.csv (age, gender, zipcode; 7 rows) and
/// test2.csv, the example table of Li, Li and Venkatasubramanian 2007 ("t-closeness: privacy
/// beyond k-anonymity and l-diversity", Table 3: 9 patients with ZIPCode, Age, Salary in
/// thousands and Disease), each with its hierarchies.
/// </summary>
internal static class SmallData
{
    private static readonly Lazy<Table> TestTable = new(() => CsvReader.Read(Path("test.csv")));
    private static readonly Lazy<Table> Test2Table = new(() => CsvReader.Read(Path("test2.csv")));

    public static string Path(string file) =>
        System.IO.Path.Combine(TestData.RepositoryRoot, "tests", "Sanitas.Tests", "Anonymization", "TestData", file);

    /// <summary>test.csv: age;gender;zipcode.</summary>
    public static Table Test => TestTable.Value;

    /// <summary>test2.csv: ZIPCode;Age;Salary;Disease.</summary>
    public static Table Test2 => Test2Table.Value;

    public static Hierarchy Hierarchy(string file) => HierarchyReader.Read(Path(file));

    /// <summary>test.csv's quasi-identifiers in column order: age (3 levels), gender (2), zipcode (6).</summary>
    public static IReadOnlyList<EngineQuasiIdentifier> TestQuasiIdentifiers { get; } =
    [
        new("age", Hierarchy("test_hierarchy_age.csv")),
        new("gender", Hierarchy("test_hierarchy_gender.csv")),
        new("zipcode", Hierarchy("test_hierarchy_zipcode.csv")),
    ];
}

/// <summary>
/// The engine's internal pieces wired as <see cref="Anonymizer"/> wires them, so that tests can
/// check one chosen transformation, enumerate the lattice, or run the search directly.
/// </summary>
internal sealed class EngineHarness
{
    public EngineHarness(Table table, IReadOnlyList<EngineQuasiIdentifier> qis, IReadOnlyList<PrivacyModel> models, double suppressionLimit, UtilityMetric metric, bool practicalMonotonicity = false)
    {
        Metric = metric;
        Prepared = AnonymizationEngine.Prepare(table, qis, models, suppressionLimit, (encodings, rows, weights) => Anonymizer.CreateMetric(metric, encodings, rows, weights), practicalMonotonicity);
        RowCount = table.RowCount;
    }

    public AnonymizationEngine.Prepared Prepared { get; }

    public UtilityMetric Metric { get; }

    public int RowCount { get; }

    public Lattice Lattice => Prepared.Lattice;

    /// <summary>Groups and checks every class of a node (no early stop).</summary>
    public NodeEvaluation Evaluate(params int[] node) => Prepared.Evaluator.Evaluate(Lattice.IdOf(node), full: true);

    /// <summary>The search's metric on a node, whether or not the node is anonymous.</summary>
    public double Loss(int[] node, NodeEvaluation evaluation) => Prepared.Metric.Loss(node, evaluation.Snapshot, evaluation.Failing!);

    /// <summary>Any metric on a node's classes, as <see cref="ClassMetricEvaluator"/> or the entropy evaluator computes it.</summary>
    public double Loss(UtilityMetric metric, int[] node, NodeEvaluation evaluation) =>
        Anonymizer.CreateMetric(metric, Prepared.Encodings, RowCount).Loss(node, evaluation.Snapshot, evaluation.Failing!);

    public LatticeSearch Search(IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new(Lattice, Prepared.Evaluator, Prepared.Metric, Prepared.MonotonicModels, Prepared.MaxOutliers > 0, practicalMonotonicity: false, progress, cancellationToken);

    /// <summary>Checks every node in full and returns the least loss among anonymous nodes (null if none).</summary>
    public (double Loss, List<int[]> Optima, HashSet<long> Anonymous)? BruteForce()
    {
        var best = double.PositiveInfinity;
        var optima = new List<int[]>();
        var anonymous = new HashSet<long>();
        for (long id = 0; id < Lattice.Size; id++)
        {
            var node = Lattice.Decode(id);
            var evaluation = Prepared.Evaluator.Evaluate(id, full: true);
            if (!evaluation.IsAnonymous)
            {
                continue;
            }
            anonymous.Add(id);
            var loss = Loss(node, evaluation);
            if (loss < best)
            {
                best = loss;
                optima.Clear();
            }
            if (loss == best)
            {
                optima.Add(node);
            }
        }
        return anonymous.Count == 0 ? null : (best, optima, anonymous);
    }
}
