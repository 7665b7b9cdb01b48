namespace Sanitas.Query;

/// <summary>What a FROM clause reads: a <see cref="TableReference"/>, a <see cref="SubquerySource"/> or a <see cref="JoinSource"/>.</summary>
internal abstract record TableSource : SqlNode;
