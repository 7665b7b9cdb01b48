namespace Sanitas.Query;

/// <summary>
/// A node of the DP SQL syntax tree. Nodes are immutable records; each keeps the <see cref="Span"/> of source it
/// was parsed from so that later stages (unknown column, missing bounds) can point at it.
/// </summary>
/// <remarks>
/// The span is not part of equality: two nodes are equal when they denote the same SQL, wherever they were
/// written. So parsing <see cref="ToSql"/> output gives a tree equal to the original.
/// </remarks>
internal abstract record SqlNode
{
    /// <summary>Where the node was written; the default (unknown) span for nodes built in code.</summary>
    public SourceSpan Span { get; init; }

    /// <summary>The node as canonical SQL (see <see cref="SqlFormatter"/>).</summary>
    public string ToSql() => SqlFormatter.Format(this);

    /// <summary>Equal when of the same node type; derived records add their own members. Ignores <see cref="Span"/>.</summary>
    public virtual bool Equals(SqlNode? other) => other is not null && EqualityContract == other.EqualityContract;

    /// <summary>Hash of the node type; derived records add their own members. Ignores <see cref="Span"/>.</summary>
    public override int GetHashCode() => EqualityContract.GetHashCode();
}
