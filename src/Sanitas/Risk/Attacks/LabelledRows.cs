namespace Sanitas.Risk.Attacks;

/// <summary>Records as numeric feature vectors with a class label each (0 ≤ label &lt; classes).</summary>
/// <param name="Features">One feature vector per record, all of the same length.</param>
/// <param name="Labels">The class of each record.</param>
public sealed record LabelledRows(double[][] Features, int[] Labels)
{
    /// <summary>The number of records.</summary>
    public int Count => Labels.Length;

    /// <summary>Checks that features and labels fit together.</summary>
    /// <exception cref="ArgumentException">They differ in number, a vector differs in length, or a label is negative.</exception>
    public void Validate(string what)
    {
        ArgumentNullException.ThrowIfNull(Features);
        ArgumentNullException.ThrowIfNull(Labels);
        if (Features.Length != Labels.Length)
        {
            throw new ArgumentException($"The {what} have {Features.Length} feature vectors but {Labels.Length} labels.");
        }
        if (Features.Length == 0)
        {
            throw new ArgumentException($"The {what} are empty.");
        }
        var width = Features[0].Length;
        for (var i = 0; i < Features.Length; i++)
        {
            if (Features[i].Length != width)
            {
                throw new ArgumentException($"Record {i} of the {what} has {Features[i].Length} features, the first {width}.");
            }
            if (Labels[i] < 0)
            {
                throw new ArgumentException($"Record {i} of the {what} has the negative label {Labels[i]}.");
            }
        }
    }

    /// <summary>The records at the given positions.</summary>
    public LabelledRows Take(IEnumerable<int> rows)
    {
        var list = rows.ToArray();
        return new LabelledRows([.. list.Select(r => Features[r])], [.. list.Select(r => Labels[r])]);
    }
}
