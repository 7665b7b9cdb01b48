using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sanitas.Privacy;

namespace Sanitas.Query;

/// <summary>
/// The random choice of which rows and groups a person keeps when they exceed the contribution
/// bounds, identical on every engine: a uniformly random subset, not the first rows in some order.
/// </summary>
/// <remarks>
/// <para>Per query, a 128-bit salt is drawn from the release's random source (<see cref="SecureRandom"/>
/// outside tests) and never shown. A person's rows are numbered 1…n in a deterministic order
/// (group, then argument values: rows equal in that order are equal in everything the query reads, so
/// which of them gets which number does not change any total), and their groups 1…k in key order.
/// Each row and each group then gets a priority MD5(salt | tag | person | number), computed by
/// PostgreSQL's <c>md5()</c>, by the same function registered in SQLite, or in .NET; ordering by it
/// (ties by number) is a uniformly random permutation for all practical purposes, the same on every
/// engine for the same salt.</para>
/// <para>The rule (per-partition bounds as in PipelineDP and ZetaSQL, Wilson et al. 2020, "Differentially
/// private SQL with bounded user contribution", PoPETs): keep the G groups of lowest priority, in each
/// the R_g rows of lowest priority, then of those the R rows of lowest priority. COUNT(DISTINCT person)
/// counts the persons among the rows kept before the last step (bounded by G only). Which rows are
/// kept depends on the person's own rows and the salt only, so bounding is stable (removing a person
/// removes only their kept rows), whatever the salt: privacy does not rest on the hash, only the
/// absence of bias does.</para>
/// <para>Person identifiers are hashed as text: integers and text agree on every engine (a REAL
/// identifier may be spelled differently by SQLite and PostgreSQL, so the engines could then keep
/// different random subsets, each as valid).</para>
/// </remarks>
internal static class ContributionBounding
{
    /// <summary>The SQLite name of the MD5 function (PostgreSQL has <c>md5</c> built in).</summary>
    internal const string SqliteFunction = "sanitas_md5";

    /// <summary>Draws the per-query salt: 16 random bytes as 32 hexadecimal digits (only [0-9a-f], safe in an SQL literal).</summary>
    public static string DrawSalt(IRandomBits random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>The lower-case hexadecimal MD5 of a text's UTF-8 bytes, as PostgreSQL's <c>md5(text)</c>.</summary>
    public static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The priority of a person's row ("r") or group ("g") numbered <paramref name="number"/> (from 1).</summary>
    public static string Priority(string salt, char tag, object unit, long number) =>
        Md5(string.Create(CultureInfo.InvariantCulture, $"{salt}|{tag}|{UnitText(unit)}|{number}"));

    /// <summary>The SQL expression of the same priority: <paramref name="unit"/> and <paramref name="number"/> are SQL expressions.</summary>
    public static string PrioritySql(string salt, char tag, string unit, string number, bool postgres) =>
        $"{(postgres ? "md5" : SqliteFunction)}('{salt}|{tag}|' || CAST({unit} AS TEXT) || '|' || CAST({number} AS TEXT))" + (postgres ? " COLLATE \"C\"" : "");

    /// <summary>A person identifier as text, as the databases cast it (integers in decimal, text as it is).</summary>
    public static string UnitText(object unit) => unit switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        _ => Convert.ToString(unit, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Registers the MD5 function on a SQLite connection.</summary>
    public static void Register(Microsoft.Data.Sqlite.SqliteConnection connection) =>
        connection.CreateFunction<string?, string?>(SqliteFunction, text => text is null ? null : Md5(text), isDeterministic: true);
}
