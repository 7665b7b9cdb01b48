namespace Sanitas.Query;

/// <summary>Compares SQL values as GROUP BY does: numbers by value (1 = 1.0), text ordinally; no allocation per lookup.</summary>
internal sealed class SqlValueComparer : IEqualityComparer<object>
{
    public static SqlValueComparer Instance { get; } = new();

    public new bool Equals(object? x, object? y) => (x, y) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (long a, long b) => a == b,
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        _ when SqlValues.IsNumber(x) && SqlValues.IsNumber(y) => SqlValues.ToDouble(x) == SqlValues.ToDouble(y),
        _ => x.Equals(y),
    };

    public int GetHashCode(object obj) => obj switch
    {
        long l => ((double)l).GetHashCode(),
        double d => d.GetHashCode(),
        string s => StringComparer.Ordinal.GetHashCode(s),
        _ => obj.GetHashCode(),
    };
}
