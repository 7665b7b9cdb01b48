using Sanitas.Data;

namespace Sanitas.Tests.Anonymization.Hierarchies;

/// <summary>Locates ARX's example data inside the repository.</summary>
internal static class ArxData
{
    /// <summary>The full path of a file of ARX's example data copied into the repository (Adult files in samples/adult, the rest in samples/public/arx).</summary>
    public static string PathOf(string fileName) => SharedData.File("arx/" + fileName);

    /// <summary>The adult attributes that have a hierarchy file, with its level count and row count.</summary>
    public static readonly TheoryData<string, int, int> AdultHierarchies = new()
    {
        { "age", 5, 100 },
        { "education", 4, 16 },
        { "marital-status", 3, 7 },
        { "native-country", 3, 41 },
        { "occupation", 3, 14 },
        { "race", 2, 5 },
        { "salary-class", 2, 2 },
        { "sex", 2, 2 },
        { "workclass", 3, 8 },
    };

    /// <summary>The hierarchy file of an adult attribute.</summary>
    public static string AdultHierarchyPath(string attribute) => PathOf($"adult_hierarchy_{attribute}.csv");

    /// <summary>Reads a simple ARX CSV data file (header, ';', no quoting) into columns; empty cells are missing.</summary>
    public static Dictionary<string, Column> ReadColumns(string fileName)
    {
        var lines = File.ReadLines(PathOf(fileName)).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();
        var header = lines[0];
        return header
            .Select((name, i) => Column.FromValues(name, lines.Skip(1).Select(cells => cells[i].Length == 0 ? null : cells[i])))
            .ToDictionary(c => c.Name);
    }
}
