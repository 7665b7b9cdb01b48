namespace Sanitas.Query;

/// <summary>A subquery in FROM: <c>(SELECT ...) [AS] alias</c>. The alias is required.</summary>
/// <param name="Query">The inner query.</param>
/// <param name="Alias">The alias naming the derived table.</param>
internal sealed record SubquerySource(SelectStatement Query, string Alias) : TableSource;
