namespace Sanitas.Query;

/// <summary>A table named in FROM or JOIN, optionally schema-qualified and aliased.</summary>
/// <param name="Schema">The schema of <c>schema.table</c>; null when unqualified.</param>
/// <param name="Name">The table name as written (quoted names keep their exact spelling).</param>
/// <param name="Alias">The alias; null when none.</param>
internal sealed record TableReference(string? Schema, string Name, string? Alias) : TableSource;
