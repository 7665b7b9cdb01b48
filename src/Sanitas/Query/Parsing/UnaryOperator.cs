namespace Sanitas.Query;

/// <summary>Prefix operators.</summary>
internal enum UnaryOperator
{
    /// <summary><c>-x</c>.</summary>
    Negate,

    /// <summary><c>+x</c>.</summary>
    Plus,

    /// <summary><c>NOT x</c>.</summary>
    Not,
}
