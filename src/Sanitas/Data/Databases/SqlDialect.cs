using System.Globalization;

namespace Sanitas.Data;

/// <summary>
/// What differs between the SQL engines Sanitas pushes work to (SQLite, PostgreSQL): how a text is
/// compared byte by byte, how a value is clamped, how a floating-point sum is written, which MD5
/// function exists. Code that writes SQL asks its target's dialect instead of testing which engine it has.
/// </summary>
/// <remarks>
/// Both engines accept the same quoted identifiers ("name", a quote doubled), string literals, CAST, the
/// FILTER clause on aggregates and window functions; only what differs is here.
/// </remarks>
public sealed class SqlDialect
{
    /// <summary>SQLite (3.30 or later: FILTER, window functions).</summary>
    public static SqlDialect Sqlite { get; } = new(DatabaseKind.Sqlite);

    /// <summary>PostgreSQL.</summary>
    public static SqlDialect PostgreSql { get; } = new(DatabaseKind.PostgreSql);

    private SqlDialect(DatabaseKind kind) => Kind = kind;

    /// <summary>The engine this dialect is.</summary>
    public DatabaseKind Kind { get; }

    /// <summary>Whether this is PostgreSQL.</summary>
    internal bool IsPostgreSql => Kind == DatabaseKind.PostgreSql;

    /// <summary>The dialect of a database named as on the command line: an Npgsql connection string (<c>Host=…</c>) or a SQLite file path.</summary>
    public static SqlDialect Of(string database) => DatabaseTarget.IsPostgreSql(database) ? PostgreSql : Sqlite;

    /// <summary>A quoted identifier ("name", an embedded quote doubled), the same on both engines.</summary>
    public static string QuoteIdentifier(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A quoted string literal ('text', an embedded quote doubled), the same on both engines.</summary>
    public static string QuoteString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// The collation that compares text byte by byte, appended to a text expression (<c>COLLATE BINARY</c>,
    /// <c>COLLATE "C"</c>): a column declared with another collation (SQLite's NOCASE, a PostgreSQL
    /// locale) would otherwise merge or split groups that the in-memory engine keeps apart.
    /// </summary>
    public string BinaryCollation => IsPostgreSql ? " COLLATE \"C\"" : " COLLATE BINARY";

    /// <summary>
    /// The collation to repeat where a derived text column is ordered or hashed: PostgreSQL's
    /// <c>COLLATE "C"</c>; empty for SQLite, whose derived columns keep the collation of their expression.
    /// </summary>
    public string OrderingCollation => IsPostgreSql ? " COLLATE \"C\"" : "";

    /// <summary>
    /// The function that gives the lower-case hexadecimal MD5 of a text's UTF-8 bytes: PostgreSQL's
    /// built-in <c>md5</c>; on SQLite the function <see cref="DatabaseTarget"/> registers on every connection it opens.
    /// </summary>
    public string Md5Function => IsPostgreSql ? "md5" : DatabaseTarget.SqliteMd5Function;

    /// <summary>
    /// <paramref name="value"/> clamped to [<paramref name="lower"/>, <paramref name="upper"/>], NULL for NULL.
    /// SQLite's multi-argument MAX/MIN return NULL when an argument is NULL; PostgreSQL's GREATEST/LEAST
    /// skip NULLs, so there a NULL is kept explicitly.
    /// </summary>
    public string Clamp(string value, string lower, string upper) => IsPostgreSql
        ? $"CASE WHEN {value} IS NULL THEN NULL ELSE GREATEST({lower}, LEAST({upper}, {value})) END"
        : $"MAX({lower}, MIN({upper}, {value}))";

    /// <summary>The smaller of two values (<c>LEAST</c>, SQLite's two-argument <c>MIN</c>).</summary>
    public string Least(string a, string b) => IsPostgreSql ? $"LEAST({a}, {b})" : $"MIN({a}, {b})";

    /// <summary>A value cast to a double-precision real (<c>DOUBLE PRECISION</c>, SQLite's <c>REAL</c>).</summary>
    public string CastToReal(string value) => IsPostgreSql ? $"CAST({value} AS DOUBLE PRECISION)" : $"CAST({value} AS REAL)";

    /// <summary>
    /// An operand of a floating-point sum: PostgreSQL sums integers exactly (numeric, slow; bigint
    /// products overflow), so it is cast to double precision; SQLite's TOTAL already sums in floating point.
    /// </summary>
    public string SumOperand(string value) => IsPostgreSql ? CastToReal(value) : value;

    /// <summary>A floating-point sum (<c>TOTAL</c> on SQLite, which never overflows; <c>SUM</c> of a double on PostgreSQL).</summary>
    public string FloatSum(string value) => IsPostgreSql ? $"SUM({value})" : $"TOTAL({value})";

    /// <summary>A floating-point sum over the rows meeting <paramref name="condition"/>, 0 over none.</summary>
    public string FloatSumWhere(string value, string condition) => IsPostgreSql
        ? $"COALESCE(SUM({value}) FILTER (WHERE {condition}), 0)"
        : $"TOTAL({value}) FILTER (WHERE {condition})";

    /// <summary>A number as an SQL literal (reals round-trip and always look real: <c>1.0</c>, <c>1E+300</c>).</summary>
    public static string NumberLiteral(double value) =>
        value.ToString("R", CultureInfo.InvariantCulture) is var t && (t.Contains('.') || t.Contains('E')) ? t : t + ".0";

    /// <summary>
    /// Whether a per-person pre-aggregation should group by the person alone when every key is the
    /// person's own attribute: SQLite then streams along an index on the person column instead of
    /// sorting by (person, keys); PostgreSQL hashes GROUP BY (person, keys) without a sort, and its
    /// MIN/MAX of text cost more than they save (measured).
    /// </summary>
    public bool PrefersPersonOnlyGrouping => !IsPostgreSql;

    /// <inheritdoc/>
    public override string ToString() => IsPostgreSql ? "PostgreSQL" : "SQLite";
}
