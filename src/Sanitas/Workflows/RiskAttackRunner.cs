using Sanitas.Anonymization;
using Sanitas.Risk;
using Sanitas.Risk.Attacks;

namespace Sanitas.Workflows;

/// <summary>
/// Runs the attacks of a <c>risk: attacks:</c> list on the assessed file, through
/// <see cref="AttackFiles"/> exactly as <c>sanitas attack</c> does, so both give the same numbers
/// for the same adversary. An attack that does not fit the files fails with the place of its
/// entry in the configuration (or the command-line option that asked for it).
/// </summary>
internal static class RiskAttackRunner
{
    /// <summary>Runs every attack in turn (progress is shared evenly between them); each result with the attack's own figures.</summary>
    /// <param name="attacks">The attacks.</param>
    /// <param name="input">The assessed (released) CSV.</param>
    /// <param name="configPath">The configuration: hierarchies, and the default quasi-identifiers.</param>
    /// <param name="quasiIdentifiers">The configuration's quasi-identifiers, for attacks that declare none.</param>
    /// <param name="known">The adversary's table for attacks that name none (default: <paramref name="input"/>).</param>
    /// <param name="progress">Receives the share of all attacks done.</param>
    /// <param name="cancellationToken">Cancels the attacks.</param>
    public static AttackReport[] Run(IReadOnlyList<RiskAttackSettings> attacks, string input, string configPath, IReadOnlyList<string> quasiIdentifiers, string? known,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var results = new AttackReport[attacks.Count];
        for (var i = 0; i < attacks.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attack = attacks[i];
            var slice = progress is null ? null : new Slice(progress, (double)i / attacks.Count, 1.0 / attacks.Count);
            var knownPath = attack.Known ?? known ?? input;
            var qis = attack.QuasiIdentifiers ?? [.. quasiIdentifiers.Where(q => q != attack.Sensitive && q != attack.Id)];
            try
            {
                if (attack.Sensitive is { } sensitive && quasiIdentifiers.Contains(sensitive, StringComparer.Ordinal))
                {
                    CheckUngeneralized(sensitive, knownPath, input, cancellationToken);
                }
                results[i] = attack.Kind switch
                {
                    LinkageAttack.Kind => AttackReport.Of(AttackFiles.Linkage(knownPath, input, configPath, attack.Id, qis, slice, cancellationToken)),
                    _ => AttackReport.Of(AttackFiles.Inference(knownPath, input, configPath, attack.Sensitive!, qis, attack.Id, slice, cancellationToken)),
                };
            }
            catch (InvalidOptionException e)
            {
                var reason = $"attack '{attack.Name}': {e.Message}";
                if (attack.Place.SourceName is null)
                {
                    throw new InvalidOptionException("attack", $"`attack` {attack.Name}: {e.Message}", e);
                }
                throw (attack.QuasiIdentifiers is not null && e.Option == "quasiIdentifiers" ? attack.QuasiIdentifiersPlace : attack.Place).Error(reason, e);
            }
            progress?.Report((i + 1.0) / attacks.Count);
        }
        return results;
    }

    // The inference attack compares sensitive values as written. When the configuration makes the
    // sensitive attribute a quasi-identifier, a release may generalize it; a released value the
    // adversary's table never shows (such as '*' or '[30-39]') says so, and the attack's success would
    // be understated: refuse rather than pass such a release.
    private static void CheckUngeneralized(string sensitive, string knownPath, string input, CancellationToken cancellationToken)
    {
        var released = Sanitas.Data.CsvReader.Read(input, null, cancellationToken);
        var known = knownPath == input ? released : Sanitas.Data.CsvReader.Read(knownPath, null, cancellationToken);
        if (!released.TryGetColumn(sensitive, out var releasedColumn) || !known.TryGetColumn(sensitive, out var knownColumn))
        {
            return; // AttackFiles names the missing column.
        }
        var foreign = releasedColumn.Dictionary.Where(v => knownColumn.CodeOf(v) < 0).ToList();
        if (foreign.Count > 0)
        {
            throw InvalidOptionException.Of("sensitive",
                $"the release generalizes the sensitive attribute '{sensitive}' (a quasi-identifier of this configuration): {Path.GetFileName(input)} shows values that {Path.GetFileName(knownPath)} never has, such as '{foreign[0]}'. " +
                "The inference attack compares values as written, so its success would be understated; run it on a release that keeps the attribute as it is (role sensitive or insensitive).");
        }
    }

    /// <summary>Reports a sub-task's progress as a slice of the whole.</summary>
    internal sealed class Slice(IProgress<double> whole, double start, double width) : IProgress<double>
    {
        public void Report(double value) => whole.Report(start + (width * Math.Clamp(value, 0, 1)));
    }
}
