namespace Sanitas.Learning;

/// <summary>What <see cref="DesignMatrix.Build"/> does with a value outside a column's declared domain.</summary>
internal enum DomainPolicy
{
    /// <summary>An error naming the column, row and value (prediction and not-private training: no charge, the caller owns the data).</summary>
    Strict,

    /// <summary>
    /// No error, nothing echoed (DP training, after the charge): a missing or non-numeric value of a
    /// numeric column becomes the middle of its declared range; a missing or undeclared category becomes
    /// the first declared category (the reference level, which therefore doubles as "other").
    /// Numbers outside the range are clamped as always.
    /// </summary>
    Map,
}
