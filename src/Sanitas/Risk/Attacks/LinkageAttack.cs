using System.Globalization;
using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// The record-linkage attack of Sweeney (2002, "k-anonymity: a model for protecting privacy",
/// IJUFKS 10(5)): an adversary holds an identified table (a name or id plus some
/// quasi-identifiers, raw values) and links each person to the released table. A released record
/// is a candidate for a person when every quasi-identifier is compatible
/// (<see cref="GeneralizedValueMatch"/>: equal, a generalization through the hierarchy, a range
/// or mask containing the raw value, or <c>*</c>); suppressed records (every quasi-identifier
/// <c>*</c>) are no candidates. The adversary picks one candidate uniformly, so a person whose
/// record is among |C| candidates is re-identified with probability 1/|C| (the prosecutor model
/// of El Emam &amp; Dankar 2008); a person whose record was suppressed counts as a failure.
/// </summary>
/// <remarks>
/// The success rate reported is the expected share of correctly linked persons (the sum of
/// 1/|C| divided by the persons); <see cref="LinkageAttackResult.UniqueMatches"/> counts the
/// certain links (|C| = 1). The baseline is 1/N, N the released records: a guess without the
/// quasi-identifiers. Work is per distinct combination of known values, so a table of 30,000
/// persons takes well under a second.
/// </remarks>
/// <param name="QuasiIdentifiers">The columns the adversary knows, present in both tables.</param>
/// <param name="Hierarchies">Generalization hierarchies by column (optional per column); without one, ranges, masks and <c>*</c> are still understood.</param>
public sealed record LinkageAttack(IReadOnlyList<string> QuasiIdentifiers, IReadOnlyDictionary<string, Hierarchy>? Hierarchies = null)
{
    /// <summary>The attack's kind in reports.</summary>
    public const string Kind = "linkage";

    /// <summary>
    /// Links every person of <paramref name="known"/> to <paramref name="released"/>.
    /// </summary>
    /// <param name="known">The adversary's identified table: one row per person.</param>
    /// <param name="released">The released (anonymized) table.</param>
    /// <param name="truth">For each row of <paramref name="known"/>, the row of its record in <paramref name="released"/>, or −1 when the record is not released (see <see cref="TruthByPosition"/>, <see cref="TruthById"/>).</param>
    /// <param name="progress">Receives the share of persons done.</param>
    /// <param name="cancellationToken">Cancels the attack.</param>
    /// <exception cref="ArgumentException">A quasi-identifier is missing from a table, or <paramref name="truth"/> does not fit the tables.</exception>
    public LinkageAttackResult Run(Table known, Table released, ReadOnlySpan<int> truth, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(released);
        if (QuasiIdentifiers.Count == 0)
        {
            throw new InvalidOptionException("known", "The linkage attack needs at least one quasi-identifier.", null);
        }
        if (truth.Length != known.RowCount)
        {
            throw new ArgumentException($"The truth has {truth.Length} entries, but the identified table has {known.RowCount} rows.", nameof(truth));
        }
        foreach (var t in truth)
        {
            if (t < -1 || t >= released.RowCount)
            {
                throw new ArgumentException($"The truth names released row {t}, but the released table has {released.RowCount} rows.", nameof(truth));
            }
        }
        var finder = new CompatibleClasses(known, released, QuasiIdentifiers, Hierarchies);
        var classes = finder.Classes;
        var persons = finder.PersonGroups;
        var unique = 0;
        var notReleased = 0;
        var mismatched = 0;
        var expected = 0.0;
        var highest = 0.0;
        var done = 0;
        var candidateClasses = new HashSet<int>();
        foreach (var group in persons)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var candidates = finder.Find(group[0], candidateClasses);
            foreach (var person in group)
            {
                var record = truth[person];
                var cls = record < 0 ? -1 : classes.ClassOfRow[record];
                if (cls < 0)
                {
                    notReleased++;
                }
                else if (!candidateClasses.Contains(cls))
                {
                    mismatched++;
                }
                else
                {
                    var p = 1.0 / candidates;
                    expected += p;
                    highest = Math.Max(highest, p);
                    if (candidates == 1)
                    {
                        unique++;
                    }
                }
            }
            done += group.Count;
            progress?.Report((double)done / known.RowCount);
        }

        var n = known.RowCount;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"Link {n} identified persons to {released.RowCount} released records on {string.Join(", ", QuasiIdentifiers)}; pick one compatible record at random");
        var rate = n == 0 ? 0 : expected / n;
        var result = new AttackResult(Kind, description, n, (long)Math.Round(expected), rate,
            ConfidenceInterval.Wilson((long)Math.Round(expected), n), released.RowCount == 0 ? 0 : 1.0 / released.RowCount);
        return new LinkageAttackResult(n, unique, expected, highest, notReleased, mismatched, result);
    }

    /// <summary>The truth when row <c>i</c> of the released table is person <c>i</c>'s record (as <see cref="Anonymizer"/> keeps the row order).</summary>
    /// <exception cref="ArgumentException">The tables have different row counts.</exception>
    public static int[] TruthByPosition(Table known, Table released)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(released);
        if (known.RowCount != released.RowCount)
        {
            throw InvalidOptionException.Of("known", $"The identified table has {known.RowCount} rows and the released table {released.RowCount}: without a shared id column, row i must be the same person in both.");
        }
        return [.. Enumerable.Range(0, known.RowCount)];
    }

    /// <summary>The truth from an id column present in both tables; ids missing from the release give −1.</summary>
    /// <exception cref="ArgumentException">A table lacks the column, or an id repeats in the released table.</exception>
    public static int[] TruthById(Table known, Table released, string idColumn)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(released);
        var knownIds = Require(known, idColumn, "identified table");
        var releasedIds = Require(released, idColumn, "released table");
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < released.RowCount; r++)
        {
            var id = releasedIds[r] ?? "";
            if (!rowOf.TryAdd(id, r))
            {
                throw InvalidOptionException.Of("id", $"Column '{idColumn}' of the released table repeats the id '{id}' (rows {rowOf[id] + 1} and {r + 1}); it cannot tell records apart.");
            }
        }
        var truth = new int[known.RowCount];
        for (var r = 0; r < truth.Length; r++)
        {
            truth[r] = rowOf.GetValueOrDefault(knownIds[r] ?? "", -1);
        }
        return truth;
    }

    internal static Column Require(Table table, string name, string what) =>
        table.TryGetColumn(name, out var column)
            ? column
            : throw InvalidOptionException.Of("columns", $"Column '{name}' is not in the {what}. Columns: {string.Join(", ", table.ColumnNames)}.");
}
