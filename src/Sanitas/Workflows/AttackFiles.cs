using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Risk;
using Sanitas.Risk.Attacks;
using Sanitas.Samples;

namespace Sanitas.Workflows;

/// <summary>
/// Runs the attacks on files, as <c>sanitas attack</c> does: reads the CSV tables (delimiter
/// and types detected), takes quasi-identifiers and hierarchies from an anonymization
/// configuration when given, and checks every name against the tables, naming the file.
/// </summary>
public static class AttackFiles
{
    /// <summary>The linkage attack of an identified table against a released one.</summary>
    /// <param name="knownPath">The adversary's identified table (CSV).</param>
    /// <param name="releasedPath">The released table (CSV).</param>
    /// <param name="configPath">An anonymization configuration: its quasi-identifiers and hierarchies (optional).</param>
    /// <param name="idColumn">The identifier column of the known table; when the released table has it too, it tells which record is whose (otherwise row i is person i).</param>
    /// <param name="quasiIdentifiers">The adversary's quasi-identifiers; by default the configuration's that the known table has.</param>
    /// <param name="progress">Receives the share done.</param>
    /// <param name="cancellationToken">Cancels the attack.</param>
    public static LinkageAttackResult Linkage(string knownPath, string releasedPath, string? configPath, string? idColumn, IReadOnlyList<string>? quasiIdentifiers,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var (known, released, qis, hierarchies) = Prepare(knownPath, releasedPath, configPath, idColumn, quasiIdentifiers, null, cancellationToken);
        var truth = idColumn is not null && released.TryGetColumn(idColumn, out _)
            ? LinkageAttack.TruthById(known, released, idColumn)
            : LinkageAttack.TruthByPosition(known, released);
        return new LinkageAttack(qis, hierarchies).Run(known, released, truth, progress, cancellationToken);
    }

    /// <summary>The attribute-inference attack of <paramref name="sensitive"/> (see <see cref="Linkage"/> for the other parameters).</summary>
    public static AttributeInferenceResult Inference(string knownPath, string releasedPath, string? configPath, string sensitive, IReadOnlyList<string>? quasiIdentifiers,
        string? idColumn = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sensitive);
        var (known, released, qis, hierarchies) = Prepare(knownPath, releasedPath, configPath, idColumn, quasiIdentifiers, sensitive, cancellationToken);
        if (!known.TryGetColumn(sensitive, out _))
        {
            throw InvalidOptionException.Of("sensitive", $"The sensitive column '{sensitive}' is not in {Path.GetFileName(knownPath)} (the truth is needed to score the attack). Columns: {string.Join(", ", known.ColumnNames)}.");
        }
        if (!released.TryGetColumn(sensitive, out _))
        {
            throw InvalidOptionException.Of("sensitive", $"The sensitive column '{sensitive}' is not in {Path.GetFileName(releasedPath)}. Columns: {string.Join(", ", released.ColumnNames)}.");
        }
        return new AttributeInferenceAttack(qis, sensitive, hierarchies).Run(known, released, progress, cancellationToken);
    }

    /// <summary>The distance-to-closest-record membership attack on a synthetic table.</summary>
    public static MembershipInferenceResult Membership(string trainPath, string holdoutPath, string syntheticPath, IReadOnlyList<string>? columns, CancellationToken cancellationToken = default)
    {
        var train = CsvReader.Read(trainPath, null, cancellationToken);
        var holdout = CsvReader.Read(holdoutPath, null, cancellationToken);
        var synthetic = CsvReader.Read(syntheticPath, null, cancellationToken);
        var names = columns is { Count: > 0 } ? columns : [.. train.ColumnNames];
        foreach (var (table, path) in new[] { (train, trainPath), (holdout, holdoutPath), (synthetic, syntheticPath) })
        {
            foreach (var name in names)
            {
                if (!table.TryGetColumn(name, out _))
                {
                    throw InvalidOptionException.Of("columns", $"Column '{name}' is not in {Path.GetFileName(path)}. Columns: {string.Join(", ", table.ColumnNames)}.");
                }
            }
        }
        return MembershipInference.DistanceToClosestRecord(train, holdout, synthetic, names, cancellationToken);
    }

    /// <summary>
    /// The time-series linkage attack on the clinical trial's temperature traces: read from
    /// <c>readings.csv</c> in <paramref name="trialDirectory"/>, or simulated with
    /// <paramref name="options"/>. The protection draws from <see cref="SecureRandom"/>.
    /// </summary>
    public static TimeSeriesLinkageResult TimeSeries(string? trialDirectory, ClinicalTrialOptions options, TraceLinkageScenario scenario, TimeSeriesLinkageAttack attack,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(attack);
        Table readings;
        if (trialDirectory is not null)
        {
            var path = Path.Combine(trialDirectory, "readings.csv");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"No readings.csv in {trialDirectory} (write one with 'sanitas sample clinical-trial --out {trialDirectory}').", path);
            }
            readings = CsvReader.Read(path, null, cancellationToken);
        }
        else
        {
            options.Validate();
            readings = ClinicalTrialGenerator.Generate(options, null, cancellationToken).Readings;
        }
        var traces = ClinicalTrialReadings.Traces(readings, cancellationToken);
        var (references, targets) = scenario.Build(traces, SecureRandom.Instance);
        return attack.Run(references, targets, [.. Enumerable.Range(0, references.Length)], progress, cancellationToken);
    }

    private static (Table Known, Table Released, IReadOnlyList<string> Qis, Dictionary<string, Hierarchy> Hierarchies) Prepare(
        string knownPath, string releasedPath, string? configPath, string? idColumn, IReadOnlyList<string>? quasiIdentifiers, string? sensitive, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(knownPath);
        ArgumentException.ThrowIfNullOrEmpty(releasedPath);
        var known = CsvReader.Read(knownPath, null, cancellationToken);
        var released = CsvReader.Read(releasedPath, null, cancellationToken);
        if (idColumn is not null && !known.TryGetColumn(idColumn, out _))
        {
            throw InvalidOptionException.Of("id", $"The id column '{idColumn}' is not in {Path.GetFileName(knownPath)}. Columns: {string.Join(", ", known.ColumnNames)}.");
        }
        var hierarchies = new Dictionary<string, Hierarchy>(StringComparer.Ordinal);
        var configured = new List<string>();
        if (configPath is not null)
        {
            var loaded = AnonymizationConfigLoader.Load(configPath);
            var config = loaded.Resolve(ForResolution(known, released, loaded.AttributeNames), Path.GetFileName(knownPath));
            foreach (var (name, settings) in config.Attributes)
            {
                if (settings.Hierarchy is not null)
                {
                    hierarchies[name] = settings.Hierarchy;
                }
            }
            configured.AddRange(loaded.AttributeNames.Where(n => config.Attributes[n].Role == AttributeRole.QuasiIdentifying && known.TryGetColumn(n, out _)));
        }
        IReadOnlyList<string> qis = quasiIdentifiers is { Count: > 0 } ? quasiIdentifiers : configured;
        if (qis.Count == 0)
        {
            throw InvalidOptionException.Of("quasiIdentifiers", "No quasi-identifiers: give `quasiIdentifiers`, or a configuration whose quasi-identifiers are columns of the known table.");
        }
        foreach (var (table, path) in new[] { (known, knownPath), (released, releasedPath) })
        {
            foreach (var qi in qis)
            {
                if (!table.TryGetColumn(qi, out _))
                {
                    throw InvalidOptionException.Of("quasiIdentifiers", $"The quasi-identifier '{qi}' is not a column of {Path.GetFileName(path)}. Columns: {string.Join(", ", table.ColumnNames)}.");
                }
            }
        }
        if (idColumn is not null && qis.Contains(idColumn, StringComparer.Ordinal))
        {
            throw InvalidOptionException.Of("id", $"The id column '{idColumn}' cannot also be a quasi-identifier.");
        }
        if (sensitive is not null && qis.Contains(sensitive, StringComparer.Ordinal))
        {
            throw InvalidOptionException.Of("sensitive", $"The sensitive column '{sensitive}' cannot also be a quasi-identifier.");
        }
        return (known, released, qis, hierarchies);
    }

    // Hierarchy builders need raw values: take each attribute from the known table; an attribute
    // the adversary lacks is borrowed from the released table (its hierarchy is not used then).
    private static Table ForResolution(Table known, Table released, IReadOnlyList<string> attributes)
    {
        var missing = attributes.Where(a => !known.TryGetColumn(a, out _) && released.TryGetColumn(a, out _)).ToList();
        if (missing.Count == 0 || known.RowCount == 0 || released.RowCount == 0)
        {
            return known;
        }
        var columns = known.Columns.ToList();
        foreach (var name in missing)
        {
            var source = released[name];
            columns.Add(Column.FromValues(name, Enumerable.Range(0, known.RowCount).Select(r => source[r % released.RowCount]), source.Type));
        }
        return new Table(columns);
    }
}
