using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Benchmarks;

/// <summary>ARX's Adult data set and hierarchies (samples/adult), and the scaled variants of issue 2.</summary>
internal static class AdultData
{
    public static string Folder { get; } = FindSamples();

    public static Table Read() => CsvReader.Read(Path.Combine(Folder, "adult.csv"));

    public static Hierarchy Hierarchy(string attribute) => HierarchyReader.Read(Path.Combine(Folder, $"adult_hierarchy_{attribute}.csv"));

    /// <summary>All nine attributes as quasi-identifiers (ARX's setup), k-anonymity, non-uniform entropy.</summary>
    public static AnonymizationConfig KAnonymity(Table table, int k, double suppression) => new()
    {
        Attributes = table.ColumnNames.ToDictionary(n => n, n => new AttributeSettings(AttributeRole.QuasiIdentifying, Hierarchy(n))),
        Models = [new KAnonymity(k)],
        SuppressionLimit = suppression,
        Metric = UtilityMetric.NonUniformEntropy,
        Search = SearchMode.Optimal,
    };

    /// <summary>Adult replicated <paramref name="times"/> times; with <paramref name="jitter"/>, each copy's age moves by up to ±jitter years (seeded).</summary>
    public static Table Replicate(Table table, int times, int jitter)
    {
        var random = new Random(20261122);
        var columns = new List<Column>();
        foreach (var column in table.Columns)
        {
            var values = new List<string?>(table.RowCount * times);
            for (var copy = 0; copy < times; copy++)
            {
                for (var row = 0; row < table.RowCount; row++)
                {
                    var value = column[row];
                    if (jitter > 0 && column.Name == "age")
                    {
                        value = (int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture) + random.Next(-jitter, jitter + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    values.Add(value);
                }
            }
            columns.Add(Column.FromValues(column.Name, values, column.Type));
        }
        return new Table(columns);
    }

    private static string FindSamples()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "samples", "adult", "adult.csv")))
        {
            dir = dir.Parent;
        }
        return dir is null
            ? throw new InvalidOperationException("samples/adult/adult.csv not found above " + AppContext.BaseDirectory)
            : Path.Combine(dir.FullName, "samples", "adult");
    }
}
