using Sanitas.Data;

namespace Sanitas.Risk;

/// <summary>
/// Every re-identification risk measure of one table under one set of quasi-identifiers, as ARX
/// and sdcMicro define them (see docs/risk.md). Computed by <see cref="Measure"/>.
/// </summary>
public sealed record RiskMeasures
{
    /// <summary>The quasi-identifiers.</summary>
    public required IReadOnlyList<string> QuasiIdentifiers { get; init; }

    /// <summary>All records of the table.</summary>
    public required int Records { get; init; }

    /// <summary>Records whose quasi-identifiers were all suppressed (left out of every measure, as ARX does).</summary>
    public required int SuppressedRecords { get; init; }

    /// <summary>The number of equivalence classes.</summary>
    public required int EquivalenceClasses { get; init; }

    /// <summary>The sampling fraction used by the population models and the individual risk.</summary>
    public required double SamplingFraction { get; init; }

    /// <summary>Prosecutor risk: the attacker knows the target is in the data; a record's risk is 1/|class|.</summary>
    public required ReidentificationRisk Prosecutor { get; init; }

    /// <summary>Journalist risk: class sizes from the population table when one is given, else equal to the prosecutor risk.</summary>
    public required ReidentificationRisk Journalist { get; init; }

    /// <summary>Whether <see cref="Journalist"/> and <see cref="Marketer"/> used a population table.</summary>
    public required bool WithPopulation { get; init; }

    /// <summary>Marketer risk: the expected share of records re-identified when all are linked; #classes/#records, or Σ f_c/F_c / n with a population.</summary>
    public required double Marketer { get; init; }

    /// <summary>The share of records that are alone in their class.</summary>
    public required double SampleUniques { get; init; }

    /// <summary>The estimated share of the population that is unique (Dankar et al.'s rule).</summary>
    public required PopulationUniqueness PopulationUniques { get; init; }

    /// <summary>sdcMicro's individual risk of every record, with weights 1/sampling fraction.</summary>
    public required IndividualRisk IndividualRisk { get; init; }

    /// <summary>SUDA special uniques and scores, or <see langword="null"/> when not computed.</summary>
    public SudaResult? Suda { get; init; }

    /// <summary>The per-record prosecutor risk (1/|class|; 0 for suppressed rows), for histograms.</summary>
    public required IReadOnlyList<double> RecordRisks { get; init; }

    /// <summary>Measures <paramref name="table"/> under <paramref name="quasiIdentifiers"/>.</summary>
    /// <param name="table">The sample (raw or anonymized).</param>
    /// <param name="quasiIdentifiers">The quasi-identifying columns.</param>
    /// <param name="options">Threshold, sampling fraction, population, SUDA.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="KeyNotFoundException">A quasi-identifier is not a column of the table.</exception>
    /// <exception cref="SanitasDataException">The population table does not match the sample.</exception>
    public static RiskMeasures Measure(Table table, IReadOnlyList<string> quasiIdentifiers, RiskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new RiskOptions();
        options.Validate();
        var classes = Sanitas.Risk.EquivalenceClasses.Build(table, quasiIdentifiers);
        cancellationToken.ThrowIfCancellationRequested();
        var sizes = classes.Sizes;
        var prosecutor = ReidentificationRisk.From(sizes, sizes, options.Threshold);
        if (classes.Count > 0)
        {
            // ARX: 1 / average class size, bit for bit.
            prosecutor = prosecutor with { Average = 1d / ((double)classes.Records / classes.Count) };
        }
        var journalist = prosecutor;
        var marketer = classes.Records == 0 ? 0 : (double)classes.Count / classes.Records;
        if (options.Population is { } population)
        {
            var populationSizes = PopulationClasses.Sizes(classes, population, options.PopulationName);
            journalist = ReidentificationRisk.From(sizes, populationSizes, options.Threshold);
            marketer = journalist.Average;
        }
        var uniques = classes.Records == 0 ? 0 : (double)classes.ClassesOfSize(1) / classes.Records;
        var populationUniques = PopulationUniqueness.Estimate(classes, options.SamplingFraction, cancellationToken);
        var individual = IndividualRisk.Compute(classes, options.SamplingFraction);
        var suda = options.Suda ? SpecialUniques.Compute(classes, options.SamplingFraction, options.SudaMaxSize, cancellationToken) : null;
        var recordRisks = new double[table.RowCount];
        var classOfRow = classes.ClassOfRow;
        for (var r = 0; r < recordRisks.Length; r++)
        {
            recordRisks[r] = classOfRow[r] < 0 ? 0 : 1d / sizes[classOfRow[r]];
        }
        return new RiskMeasures
        {
            QuasiIdentifiers = [.. quasiIdentifiers],
            Records = table.RowCount,
            SuppressedRecords = classes.SuppressedRecords,
            EquivalenceClasses = classes.Count,
            SamplingFraction = options.SamplingFraction,
            Prosecutor = prosecutor,
            Journalist = journalist,
            WithPopulation = options.Population is not null,
            Marketer = marketer,
            SampleUniques = uniques,
            PopulationUniques = populationUniques,
            IndividualRisk = individual,
            Suda = suda,
            RecordRisks = recordRisks,
        };
    }
}
