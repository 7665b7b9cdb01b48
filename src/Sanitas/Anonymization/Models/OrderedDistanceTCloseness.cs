using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// t-closeness with ordered ground distance: the m distinct values of the sensitive
/// attribute are put in their natural order (numbers and dates by value, text ordinally)
/// and two values i, j are at distance |i − j| / (m − 1), so that
/// EMD = 1/(m−1) · Σᵢ |Σⱼ≤ᵢ (pⱼ − qⱼ)| (Li, Li and Venkatasubramanian 2007,
/// "t-closeness: privacy beyond k-anonymity and l-diversity", Section 4.2).
/// </summary>
/// <param name="Attribute">The sensitive attribute.</param>
/// <param name="T">The largest allowed distance, in [0, 1].</param>
public sealed record OrderedDistanceTCloseness(string Attribute, double T) : PrivacyModel
{
    /// <inheritdoc/>
    public override string? SensitiveAttribute => Attribute;

    /// <inheritdoc/>
    public override bool IsMonotonicWithSuppression => false;

    /// <inheritdoc/>
    public override string Name => "ordered-distance-t-closeness";

    /// <inheritdoc/>
    public override void Validate() => TClosenessParameters.Check(Name, Attribute, T);

    /// <inheritdoc/>
    public override string StrengthParameter => "t";

    /// <inheritdoc/>
    public override double? Strength => T;

    /// <inheritdoc/>
    public override PrivacyModel? Strengthen(Table table) => this with { T = T / 2 };

    internal override ClassCriterion Prepare(CriterionContext context)
    {
        var codes = Enumerable.Range(0, context.Values.Count).Where(c => context.GlobalCounts[c] > 0).ToArray();
        Array.Sort(codes, Comparer(context.Values, context.ValueType));
        var rank = new int[context.Values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            rank[codes[i]] = i;
        }
        var q = new double[codes.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            q[i] = context.GlobalCounts[codes[i]] / (double)context.RowCount;
        }
        return new Criterion(rank, q, T) { SensitiveIndex = context.SensitiveIndex };
    }

    /// <summary>Orders codes by their values: numerically for numbers and dates, ordinally for text; missing first.</summary>
    internal static Comparison<int> Comparer(IReadOnlyList<string?> values, ColumnType type)
    {
        if (type is ColumnType.Integer or ColumnType.Decimal)
        {
            var numbers = values.Select(v => v is not null && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NegativeInfinity).ToArray();
            return (a, b) => numbers[a].CompareTo(numbers[b]);
        }
        if (type == ColumnType.Date)
        {
            var dates = values.Select(v => v is not null && DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : DateTime.MinValue).ToArray();
            return (a, b) => dates[a].CompareTo(dates[b]);
        }
        return (a, b) => string.CompareOrdinal(values[a], values[b]);
    }

    internal static double Distance(ReadOnlySpan<int> values, ReadOnlySpan<int> counts, int size, int[] rank, double[] q)
    {
        Span<double> r = q.Length <= 512 ? stackalloc double[q.Length] : new double[q.Length];
        for (var i = 0; i < q.Length; i++)
        {
            r[i] = -q[i];
        }
        for (var i = 0; i < values.Length; i++)
        {
            r[rank[values[i]]] += counts[i] / (double)size;
        }
        if (q.Length < 2)
        {
            return 0;
        }
        var cumulative = 0d;
        var sum = 0d;
        for (var i = 0; i < r.Length; i++)
        {
            cumulative += r[i];
            sum += Math.Abs(cumulative);
        }
        return sum / (q.Length - 1);
    }

    private sealed class Criterion(int[] rank, double[] q, double t) : ClassCriterion
    {
        public override bool IsSatisfied(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts) =>
            Distance(values, counts, size, rank, q) <= t + 1e-12;
    }
}
