using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization.Models;

/// <summary>
/// Prepares a privacy model's per-class test against a whole-table sensitive column, as the
/// engine does, and tests single classes given by their sensitive values.
/// </summary>
internal sealed class CriterionHarness
{
    private readonly Column _column;

    public CriterionHarness(PrivacyModel model, IEnumerable<string> tableValues, ColumnType type = ColumnType.Text)
    {
        model.Validate();
        _column = Column.FromValues("sensitive", tableValues, type);
        var counts = new int[_column.DistinctCount];
        foreach (var code in _column.Codes)
        {
            counts[code]++;
        }
        Criterion = model.Prepare(new CriterionContext(0, _column.Dictionary, counts, _column.RowCount, type));
    }

    public ClassCriterion Criterion { get; }

    /// <summary>Whether the class holding these sensitive values (one per record) satisfies the model.</summary>
    public bool Accepts(params string[] classValues)
    {
        var (values, counts) = Histogram(classValues);
        return Criterion.IsSatisfied(classValues.Length, values, counts);
    }

    /// <summary>The class's histogram in the engine's form: distinct codes and their counts.</summary>
    public (int[] Values, int[] Counts) Histogram(IEnumerable<string> classValues)
    {
        var groups = classValues.GroupBy(v => _column.CodeOf(v)).ToList();
        Assert.All(groups, g => Assert.True(g.Key >= 0, $"'{g.First()}' is not a value of the table."));
        return (groups.Select(g => g.Key).ToArray(), groups.Select(g => g.Count()).ToArray());
    }

    /// <summary>Tests a class of the given size against a model without a sensitive attribute.</summary>
    public static bool AcceptsSize(PrivacyModel model, int size)
    {
        model.Validate();
        var criterion = model.Prepare(new CriterionContext(-1, [], [], size, ColumnType.Text));
        return criterion.IsSatisfied(size, default, default);
    }

    /// <summary>A class of sensitive values given as value-count pairs, e.g. ("a", 3), ("b", 1).</summary>
    public static string[] Class(params (string Value, int Count)[] entries) =>
        [.. entries.SelectMany(e => Enumerable.Repeat(e.Value, e.Count))];
}
