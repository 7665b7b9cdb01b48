namespace Sanitas.Query;

/// <summary>The joins DP SQL accepts. RIGHT, FULL, CROSS and NATURAL joins are rejected by the parser.</summary>
internal enum JoinKind
{
    /// <summary><c>[INNER] JOIN</c>.</summary>
    Inner,

    /// <summary><c>LEFT [OUTER] JOIN</c>.</summary>
    Left,
}
