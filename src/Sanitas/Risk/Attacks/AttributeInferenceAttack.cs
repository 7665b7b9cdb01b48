using System.Globalization;
using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// Attribute inference (the homogeneity and background-knowledge attacks that motivate
/// l-diversity, Machanavajjhala et al. 2007, "l-Diversity: Privacy Beyond k-Anonymity", ACM TKDD
/// 1(1)): the adversary knows a target's quasi-identifiers and predicts the sensitive value as
/// the most frequent one among the compatible released records (the records of the equivalence
/// classes their values generalize to; ties go to the overall more frequent value). Success is
/// judged against the true value; the baseline is always guessing the release's most frequent
/// value, and Anonymeter's random control guess (Giomi et al. 2023) is reported beside it.
/// </summary>
/// <remarks>Sensitive values are compared as written: release the sensitive attribute ungeneralized, or give the truth in the released form.</remarks>
/// <param name="QuasiIdentifiers">The columns the adversary knows, present in both tables.</param>
/// <param name="Sensitive">The attribute to infer, present in both tables (the identified table's values are the truth, used only to score).</param>
/// <param name="Hierarchies">Generalization hierarchies by column (optional per column).</param>
public sealed record AttributeInferenceAttack(IReadOnlyList<string> QuasiIdentifiers, string Sensitive, IReadOnlyDictionary<string, Hierarchy>? Hierarchies = null)
{
    /// <summary>The attack's kind in reports.</summary>
    public const string Kind = "inference";

    /// <summary>Infers the sensitive value of every person of <paramref name="known"/> from <paramref name="released"/>.</summary>
    /// <param name="known">The targets: quasi-identifiers and (for scoring) the true sensitive value.</param>
    /// <param name="released">The released table.</param>
    /// <param name="progress">Receives the share of targets done.</param>
    /// <param name="cancellationToken">Cancels the attack.</param>
    /// <exception cref="ArgumentException">A column is missing, or the sensitive attribute is also a quasi-identifier.</exception>
    public AttributeInferenceResult Run(Table known, Table released, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(released);
        if (QuasiIdentifiers.Contains(Sensitive, StringComparer.Ordinal))
        {
            throw InvalidOptionException.Of("sensitive", $"The sensitive attribute '{Sensitive}' is also listed as a quasi-identifier.");
        }
        var truth = LinkageAttack.Require(known, Sensitive, "identified table");
        var sensitive = LinkageAttack.Require(released, Sensitive, "released table");
        var finder = new CompatibleClasses(known, released, QuasiIdentifiers, Hierarchies);
        var classes = finder.Classes;

        // Sensitive histogram per released class, and overall.
        var perClass = new Dictionary<int, int>[classes.Count];
        var overall = new long[sensitive.DistinctCount];
        for (var r = 0; r < released.RowCount; r++)
        {
            var s = sensitive.Codes[r];
            overall[s]++;
            var c = classes.ClassOfRow[r];
            if (c >= 0)
            {
                var histogram = perClass[c] ??= [];
                histogram[s] = histogram.GetValueOrDefault(s) + 1;
            }
        }
        var majority = 0;
        for (var s = 1; s < overall.Length; s++)
        {
            if (overall[s] > overall[majority])
            {
                majority = s;
            }
        }

        // The truth's codes in the released dictionary (-1: a value the release never shows).
        var truthInReleased = new int[truth.DistinctCount];
        for (var t = 0; t < truthInReleased.Length; t++)
        {
            truthInReleased[t] = sensitive.CodeOf(truth.Dictionary[t]);
        }

        var counts = new long[sensitive.DistinctCount];
        var touched = new List<int>();
        var candidateClasses = new HashSet<int>();
        int correct = 0, noCandidates = 0, majorityHits = 0, done = 0;
        var randomGuess = 0.0;
        foreach (var group in finder.PersonGroups)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var records = finder.Find(group[0], candidateClasses);
            var guess = majority;
            if (records == 0)
            {
                noCandidates += group.Count;
            }
            else
            {
                foreach (var c in candidateClasses)
                {
                    foreach (var (s, n) in perClass[c])
                    {
                        if (counts[s] == 0)
                        {
                            touched.Add(s);
                        }
                        counts[s] += n;
                    }
                }
                foreach (var s in touched)
                {
                    if (counts[s] > counts[guess] || (counts[s] == counts[guess] && overall[s] > overall[guess]))
                    {
                        guess = s;
                    }
                }
                foreach (var s in touched)
                {
                    counts[s] = 0;
                }
                touched.Clear();
            }
            foreach (var person in group)
            {
                var actual = truthInReleased[truth.Codes[person]];
                if (actual == guess)
                {
                    correct++;
                }
                if (actual == majority)
                {
                    majorityHits++;
                }
                if (actual >= 0)
                {
                    randomGuess += (double)overall[actual] / released.RowCount;
                }
            }
            done += group.Count;
            progress?.Report((double)done / known.RowCount);
        }

        var targets = known.RowCount;
        var majorityRate = targets == 0 ? 0 : (double)majorityHits / targets;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"Infer '{Sensitive}' of {targets} persons from {released.RowCount} released records knowing {string.Join(", ", QuasiIdentifiers)}; guess the most frequent compatible value");
        var result = AttackResult.FromCounts(Kind, description, correct, targets, majorityRate);
        return new AttributeInferenceResult(targets, correct, noCandidates, sensitive.Dictionary.Count == 0 ? "" : sensitive.Dictionary[majority] ?? "",
            majorityRate, targets == 0 ? 0 : randomGuess / targets, result);
    }
}
