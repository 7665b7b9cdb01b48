namespace Sanitas.Risk;

/// <summary>
/// The estimated share of the population that is unique on the quasi-identifiers, chosen among
/// the Zayatz, Pitman and SNB models by the decision rule of Dankar, El Emam, Neisa and Roffey
/// (2012), "Estimating the re-identification risk of clinical data sets", BMC Medical Informatics
/// and Decision Making 12:66, as ARX implements it (<c>RiskModelPopulationUniqueness</c>): for a
/// sampling fraction up to 0.1 Pitman's estimate (Zayatz's when Pitman's solver fails); above,
/// the smaller of Zayatz's and SNB's (Zayatz's when SNB's fails).
/// </summary>
/// <param name="Model">The model the rule chose.</param>
/// <param name="Value">The estimated fraction of the population that is unique (estimated uniques / population size).</param>
/// <param name="SamplingFraction">The sample's share of the population.</param>
/// <param name="PopulationSize">The population size, round(records / sampling fraction) as ARX's <c>ARXPopulationModel</c>.</param>
/// <param name="Zayatz">Zayatz's estimate as a fraction, or <see langword="null"/> when it was not computed or failed.</param>
/// <param name="Pitman">Pitman's estimate as a fraction, or <see langword="null"/> when it was not computed or the solver failed.</param>
/// <param name="Snb">SNB's estimate as a fraction, or <see langword="null"/> when it was not computed or the solver failed.</param>
public sealed record PopulationUniqueness(
    PopulationUniquenessModel Model,
    double Value,
    double SamplingFraction,
    long PopulationSize,
    double? Zayatz,
    double? Pitman,
    double? Snb)
{
    /// <summary>Estimates population uniqueness with Dankar et al.'s rule.</summary>
    /// <param name="classes">The sample's equivalence classes.</param>
    /// <param name="samplingFraction">The sample's share of the population, in (0, 1].</param>
    /// <param name="cancellationToken">Cancels the solvers.</param>
    /// <exception cref="ArgumentOutOfRangeException">The sampling fraction is not in (0, 1].</exception>
    public static PopulationUniqueness Estimate(EquivalenceClasses classes, double samplingFraction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classes);
        return Estimate(classes.Histogram, classes.Records, samplingFraction, cancellationToken);
    }

    /// <summary>Estimates population uniqueness with Dankar et al.'s rule from a class-size histogram.</summary>
    /// <param name="histogram">How many classes have each size, ascending by size.</param>
    /// <param name="records">The records in the sample (Σ size · classes).</param>
    /// <param name="samplingFraction">The sample's share of the population, in (0, 1].</param>
    /// <param name="cancellationToken">Cancels the solvers.</param>
    /// <exception cref="ArgumentOutOfRangeException">The sampling fraction is not in (0, 1].</exception>
    public static PopulationUniqueness Estimate(IReadOnlyList<ClassSizeCount> histogram, int records, double samplingFraction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (!(samplingFraction > 0 && samplingFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingFraction), samplingFraction, "The sampling fraction must be in (0, 1].");
        }
        var population = (long)Math.Round(records / samplingFraction, MidpointRounding.AwayFromZero);
        var model = new UniquenessModels(histogram, records, population, cancellationToken);
        if (model.ClassesOfSize1 == 0 || records == 0)
        {
            return new PopulationUniqueness(PopulationUniquenessModel.None, 0, samplingFraction, population, 0, 0, 0);
        }
        double? Fraction(double uniques) => Valid(uniques) ? uniques / population : null;

        if (model.SamplingFraction <= 0.1)
        {
            var pitman = model.Pitman();
            if (Valid(pitman))
            {
                return new PopulationUniqueness(PopulationUniquenessModel.Pitman, pitman / population, samplingFraction, population, null, pitman / population, null);
            }
            var zayatz = model.Zayatz();
            return new PopulationUniqueness(PopulationUniquenessModel.Zayatz, Valid(zayatz) ? zayatz / population : 0, samplingFraction, population, Fraction(zayatz), null, null);
        }
        var snb = model.Snb();
        var z = model.Zayatz();
        if (Valid(snb) && !(z < snb))
        {
            return new PopulationUniqueness(PopulationUniquenessModel.Snb, snb / population, samplingFraction, population, Fraction(z), null, snb / population);
        }
        return new PopulationUniqueness(PopulationUniquenessModel.Zayatz, Valid(z) ? z / population : 0, samplingFraction, population, Fraction(z), null, Fraction(snb));
    }

    private static bool Valid(double value) => !double.IsNaN(value) && value != 0;
}
