namespace Sanitas.Collaboration;

/// <summary>
/// One secure product over Z_2^64 whose triple the dealer supplies: the left and right operands are opened
/// masked by the masks named <paramref name="Left"/> and <paramref name="Right"/> (x − α_L, y − α_R), and the
/// dealer's correlated value is c = op(α_L)·α_R (element-wise, or a matrix product).
/// </summary>
/// <param name="Id">Unique per session: the dealer refuses to correct one id twice (its pad would repeat).</param>
/// <param name="Kind">elementwise, matmul (batched small matrices), x (the shared design matrix, rows × width) or rowscale
/// (diag(left)·right: a P-vector scaling the rows of a P×Q matrix).</param>
/// <param name="Left">The left operand's mask label.</param>
/// <param name="Right">The right operand's mask label.</param>
/// <param name="Batch">Independent products (matmul).</param>
/// <param name="P">Rows of the result (element-wise: its length).</param>
/// <param name="Q">Inner dimension.</param>
/// <param name="R">Columns of the result.</param>
/// <param name="TransposeLeft">x: Xᵀ·B instead of X·B.</param>
internal sealed record BeaverProduct(string Id, string Kind, string Left, string Right, int Batch, int P, int Q, int R, bool TransposeLeft = false)
{
    public int LeftLength => Kind switch
    {
        "elementwise" or "rowscale" => P,
        _ => Batch * P * Q,
    };

    public int RightLength => Kind switch
    {
        "elementwise" => P,
        "rowscale" => P * Q,
        _ => Batch * Q * R,
    };

    public int ResultLength => Kind switch
    {
        "elementwise" => P,
        "rowscale" => P * Q,
        _ => Batch * P * R,
    };

    /// <summary>op(left)·right for this product's shape.</summary>
    public ulong[] Apply(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right) => Kind switch
    {
        "elementwise" => RingMath.Hadamard(left, right),
        "rowscale" => RingMath.ScaleRows(left, right, Q),
        "x" => RingMath.MatMul(left, right, P, Q, R, TransposeLeft),
        _ => RingMath.BatchMatMul(left, right, Batch, P, Q, R),
    };

    /// <summary>Adds op(left)·right to <paramref name="target"/>.</summary>
    public void ApplyAdd(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Span<ulong> target)
    {
        switch (Kind)
        {
            case "elementwise":
                RingMath.MultiplyAddInPlace(target, left, right);
                break;
            case "x":
                RingMath.MatMulAdd(left, right, P, Q, R, TransposeLeft, target);
                break;
            case "rowscale":
                RingMath.ScaleRowsAdd(left, right, Q, target);
                break;
            default:
                RingMath.AddInPlace(target, Apply(left, right));
                break;
        }
    }
}
