namespace Sanitas.Risk;

/// <summary>
/// sdcMicro's individual risk (<c>indivRisk</c>, <c>measure_risk</c>): the base individual risk of
/// Benedetti and Franconi (1998), "Statistical and technological solutions for controlled data
/// dissemination", with the approximation sdcMicro uses by default (Franconi and Polettini 2004,
/// "Individual risk estimation in μ-Argus: a review", PSD 2004, LNCS 3050). A record in a key of
/// sample frequency f_k whose sampling weights add up to F_k has p_k = f_k/F_k and risk
/// <list type="bullet">
/// <item>f_k = 1: p/(1−p) · ln(1/p);</item>
/// <item>f_k = 2: p/(1−p) − (p/(1−p))² · ln(1/p);</item>
/// <item>f_k ≥ 3: p / (f_k − (1−p)) (approximation), or the exact series;</item>
/// <item>f_k = F_k (the sample is the population): 1/f_k.</item>
/// </list>
/// The global risk is their mean (sdcMicro's <c>global_risk</c>) and their sum the expected number
/// of re-identifications (<c>global_risk_ER</c>).
/// </summary>
/// <param name="Risks">The risk of every record that belongs to a class, in row order (suppressed rows left out).</param>
/// <param name="Exact">Whether the exact series was used for keys of frequency 3 or more.</param>
public sealed record IndividualRisk(IReadOnlyList<double> Risks, bool Exact)
{
    /// <summary>The largest individual risk.</summary>
    public double Max => Risks.Count == 0 ? 0 : Risks.Max();

    /// <summary>The global risk: the mean individual risk (sdcMicro <c>global_risk</c>).</summary>
    public double Mean => Risks.Count == 0 ? 0 : ExpectedReidentifications / Risks.Count;

    /// <summary>The expected number of re-identifications: the sum of individual risks (sdcMicro <c>global_risk_ER</c>).</summary>
    public double ExpectedReidentifications => Risks.Sum();

    /// <summary>The individual risk of each record of <paramref name="classes"/> when every record has the sampling weight 1/<paramref name="samplingFraction"/>.</summary>
    /// <param name="classes">The equivalence classes (keys).</param>
    /// <param name="samplingFraction">The sample's share of the population, in (0, 1].</param>
    /// <param name="exact">Use the exact series instead of sdcMicro's default approximation for keys of frequency 3 or more.</param>
    public static IndividualRisk Compute(EquivalenceClasses classes, double samplingFraction, bool exact = false)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (!(samplingFraction > 0 && samplingFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingFraction), samplingFraction, "The sampling fraction must be in (0, 1].");
        }
        var classOfRow = classes.ClassOfRow;
        var sizes = classes.Sizes;
        var risks = new List<double>(classes.Records);
        for (var r = 0; r < classOfRow.Length; r++)
        {
            if (classOfRow[r] >= 0)
            {
                var f = sizes[classOfRow[r]];
                risks.Add(Risk(f, f / samplingFraction, exact));
            }
        }
        return new IndividualRisk(risks, exact);
    }

    /// <summary>The individual risk of each record from its key's sample frequency and the sum of its key's weights.</summary>
    /// <param name="sampleFrequencies">f_k of each record's key.</param>
    /// <param name="weightedFrequencies">F_k of each record's key (Σ of the key's sampling weights).</param>
    /// <param name="exact">Use the exact series for keys of frequency 3 or more.</param>
    public static IndividualRisk Compute(IReadOnlyList<int> sampleFrequencies, IReadOnlyList<double> weightedFrequencies, bool exact = false)
    {
        ArgumentNullException.ThrowIfNull(sampleFrequencies);
        ArgumentNullException.ThrowIfNull(weightedFrequencies);
        if (sampleFrequencies.Count != weightedFrequencies.Count)
        {
            throw new ArgumentException($"{sampleFrequencies.Count} sample frequencies but {weightedFrequencies.Count} weighted frequencies.", nameof(weightedFrequencies));
        }
        return new IndividualRisk(sampleFrequencies.Select((f, i) => Risk(f, weightedFrequencies[i], exact)).ToArray(), exact);
    }

    /// <summary>The base individual risk of a record whose key has sample frequency <paramref name="f"/> and weighted frequency <paramref name="weighted"/>.</summary>
    internal static double Risk(int f, double weighted, bool exact)
    {
        if (f <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(f), f, "A key's sample frequency is at least 1.");
        }
        if (f == weighted)
        {
            return 1d / f;
        }
        var p = f / weighted;
        var odds = p / (1 - p);
        return f switch
        {
            1 => odds * Math.Log(1 / p),
            2 => odds - (odds * odds * Math.Log(1 / p)),
            _ when !exact => p / (f - (1 - p)),
            _ => ExactSeries(f, p),
        };
    }

    // sdcMicro's method "exact" (fixed by Y. Baeyens in 2.6.5) for f ≥ 3.
    private static double ExactSeries(int f, double p)
    {
        var a = (Math.Pow(p, 1 - f) - 1) / (f - 1);
        double B(int i) => (f - 1d - i) * (f - 1d - i) / ((i + 1d) * (f - 2d - i)) * (Math.Pow(p, i + 2 - f) - 1) / (Math.Pow(p, i + 1 - f) - 1);
        var bb = 0d;
        for (var m = 0; m <= f - 3; m++)
        {
            var b = 1d;
            for (var m2 = 0; m2 <= m; m2++)
            {
                b *= B(m2);
            }
            bb += (m % 2 == 0 ? -1 : 1) * b;
        }
        var eins = Math.Pow(p / (1 - p), f);
        var drei = (f % 2 == 0 ? 1 : -1) * Math.Log(p);
        return eins * ((a * (1 + bb)) + drei);
    }
}
