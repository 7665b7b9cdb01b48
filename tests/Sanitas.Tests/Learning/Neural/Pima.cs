using Sanitas.Data;
using Sanitas.Learning.Neural;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Learning.Neural;

/// <summary>The Pima Indians diabetes data (mlbench, 768 rows, 8 features, target neg/pos) as a network dataset.</summary>
internal static class Pima
{
    public static readonly string[] Features = ["pregnant", "glucose", "pressure", "triceps", "insulin", "mass", "pedigree", "age"];

    private static readonly Lazy<NeuralDataset> Data = new(() =>
        NeuralDataset.FromTable(CsvReader.Read(SharedData.File("mlbench_PimaIndiansDiabetes.csv")), Features, "diabetes", classes: ["neg", "pos"]));

    public static NeuralDataset Load() => Data.Value;

    /// <summary>Declared bounds for the features (public knowledge of the measurement ranges, not read from the data).</summary>
    public static FeatureScaler Bounds() => FeatureScaler.FromBounds(
        [0, 0, 0, 0, 0, 0, 0, 20],
        [17, 200, 125, 100, 850, 70, 2.5, 85]);

    /// <summary>Row indices of k folds, interleaved after a seeded shuffle.</summary>
    public static int[][] Folds(int count, int k, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return [.. Enumerable.Range(0, k).Select(f => order.Where((_, i) => i % k == f).ToArray())];
    }
}
