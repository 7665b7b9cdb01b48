using Sanitas.Data;

namespace Sanitas.Risk;

/// <summary>
/// The equivalence classes of a table under a set of quasi-identifiers: records with equal values
/// in every quasi-identifier form one class. A record whose quasi-identifiers are all <c>*</c> was
/// suppressed; as ARX does (<c>RiskModelHistogram</c> ignores outliers), it belongs to no class and
/// every risk measure is taken over the remaining records.
/// </summary>
public sealed class EquivalenceClasses
{
    /// <summary>The value a suppressed quasi-identifier holds.</summary>
    public const string SuppressedValue = "*";

    private readonly int[] _classOfRow;
    private readonly int[] _sizes;
    private readonly int[] _representative;

    private EquivalenceClasses(Table table, string[] quasiIdentifiers, int[] classOfRow, int[] sizes, int[] representative, int suppressed)
    {
        Table = table;
        QuasiIdentifiers = quasiIdentifiers;
        _classOfRow = classOfRow;
        _sizes = sizes;
        _representative = representative;
        SuppressedRecords = suppressed;
        Records = table.RowCount - suppressed;
        var histogram = new SortedDictionary<int, int>();
        foreach (var size in sizes)
        {
            histogram[size] = histogram.GetValueOrDefault(size) + 1;
        }
        Histogram = histogram.Select(p => new ClassSizeCount(p.Key, p.Value)).ToArray();
    }

    /// <summary>The table the classes were formed from.</summary>
    public Table Table { get; }

    /// <summary>The quasi-identifiers, in the order given.</summary>
    public IReadOnlyList<string> QuasiIdentifiers { get; }

    /// <summary>Records that belong to a class (all records but the suppressed ones).</summary>
    public int Records { get; }

    /// <summary>Records whose quasi-identifiers are all <c>*</c>.</summary>
    public int SuppressedRecords { get; }

    /// <summary>The number of classes.</summary>
    public int Count => _sizes.Length;

    /// <summary>The size of every class.</summary>
    public ReadOnlySpan<int> Sizes => _sizes;

    /// <summary>The class of every row, or -1 for a suppressed row.</summary>
    public ReadOnlySpan<int> ClassOfRow => _classOfRow;

    /// <summary>How many classes have each size, ascending by size.</summary>
    public IReadOnlyList<ClassSizeCount> Histogram { get; }

    /// <summary>The number of classes of exactly <paramref name="size"/> records.</summary>
    public int ClassesOfSize(int size)
    {
        foreach (var entry in Histogram)
        {
            if (entry.Size == size)
            {
                return entry.Classes;
            }
        }
        return 0;
    }

    /// <summary>The quasi-identifier values shared by the records of a class.</summary>
    public IReadOnlyList<string?> Key(int classIndex)
    {
        var row = _representative[classIndex];
        return QuasiIdentifiers.Select(q => Table[q][row]).ToArray();
    }

    /// <summary>Forms the classes of <paramref name="table"/> under <paramref name="quasiIdentifiers"/>.</summary>
    /// <exception cref="ArgumentException">No quasi-identifier is given, or one is named twice.</exception>
    /// <exception cref="KeyNotFoundException">A quasi-identifier is not a column; the message lists the columns.</exception>
    public static EquivalenceClasses Build(Table table, IReadOnlyList<string> quasiIdentifiers)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(quasiIdentifiers);
        if (quasiIdentifiers.Count == 0)
        {
            throw new InvalidOptionException("quasiIdentifiers", "At least one quasi-identifier is needed to form equivalence classes.", null);
        }
        if (quasiIdentifiers.Distinct(StringComparer.Ordinal).Count() != quasiIdentifiers.Count)
        {
            throw new InvalidOptionException("quasiIdentifiers", $"A quasi-identifier is named twice: {string.Join(", ", quasiIdentifiers)}.", null);
        }
        var columns = quasiIdentifiers.Select(q => table[q]).ToArray();
        var rows = table.RowCount;
        var suppressedRow = new bool[rows];
        var suppressed = 0;
        var stars = columns.Select(c => c.CodeOf(SuppressedValue)).ToArray();
        if (stars.All(s => s >= 0))
        {
            for (var r = 0; r < rows; r++)
            {
                var all = true;
                for (var q = 0; q < columns.Length && all; q++)
                {
                    all = columns[q].Codes[r] == stars[q];
                }
                if (all)
                {
                    suppressedRow[r] = true;
                    suppressed++;
                }
            }
        }

        var group = Grouping.Group(columns, rows, suppressedRow, out var groups);
        var sizes = new int[groups];
        var representative = new int[groups];
        for (var r = rows - 1; r >= 0; r--)
        {
            if (group[r] >= 0)
            {
                sizes[group[r]]++;
                representative[group[r]] = r;
            }
        }
        return new EquivalenceClasses(table, [.. quasiIdentifiers], group, sizes, representative, suppressed);
    }
}
