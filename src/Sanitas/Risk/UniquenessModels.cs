using MathNet.Numerics;

namespace Sanitas.Risk;

/// <summary>
/// The population-uniqueness estimators behind <see cref="PopulationUniqueness"/>, computed from
/// the sample's class-size histogram with the same equations, starting values and solver settings
/// as ARX (ModelZayatz, ModelPitman, ModelSNB; accuracy 1e-6, 1,000 iterations per try, 10,000 in all).
/// Each returns an estimated number of population uniques, or NaN when it fails.
/// </summary>
internal sealed class UniquenessModels
{
    private readonly IReadOnlyList<ClassSizeCount> _histogram;
    private readonly double _classes;
    private readonly double _records;
    private readonly double _population;
    private readonly CancellationToken _cancellationToken;

    public UniquenessModels(IReadOnlyList<ClassSizeCount> histogram, int records, long population, CancellationToken cancellationToken)
    {
        _histogram = histogram;
        _records = records;
        _population = population;
        _classes = histogram.Sum(h => (double)h.Classes);
        _cancellationToken = cancellationToken;
        ClassesOfSize1 = Count(1);
        SamplingFraction = population == 0 ? 0 : records / (double)population;
    }

    public double ClassesOfSize1 { get; }

    /// <summary>records / population, as ARX recomputes it from the rounded population size.</summary>
    public double SamplingFraction { get; }

    /// <summary>
    /// Zayatz (1991): the probability that a sample unique comes from a population unique, with
    /// hypergeometric sampling of each class, times the sample uniques, scaled up by the sampling fraction.
    /// </summary>
    public double Zayatz()
    {
        var n = (long)_records;
        var population = (long)_population;
        var sum = 0d;
        foreach (var (size, count) in _histogram)
        {
            sum += count / _classes * HypergeometricOne(population, size, n);
        }
        var conditional = ClassesOfSize1 / _classes * HypergeometricOne(population, 1, n) / sum;
        return ClassesOfSize1 * conditional / SamplingFraction;
    }

    /// <summary>
    /// Pitman's sampling formula (Hoshino 2001): maximum-likelihood θ and α from the class sizes by
    /// Newton-Raphson (closed forms with polygamma functions, checked against the plain sums),
    /// then uniques = Γ(θ+1)/Γ(θ+α) · N^α.
    /// </summary>
    public double Pitman()
    {
        var c1 = ClassesOfSize1;
        var c2 = Count(2);
        var u = _classes;
        var n = _records;
        c2 = c2 != 0 ? c2 : 1;
        var c = c1 * (c1 - 1) / c2;
        var t = ((n * u * c) - (c1 * (n - 1) * ((2 * u) + c))) / ((2 * c1 * u) + (c1 * c) - (n * c));
        var a = ((t * (c1 - n)) + ((n - 1) * c1)) / (n * u);
        var start = (t, a);
        static bool ThetaNonNegative((double X, double Y) v) => v.X >= 0;

        var result = NewtonRaphson2D.Solve(PitmanClosed, start, ThetaNonNegative, _cancellationToken);
        if (double.IsNaN(result.X) || double.IsNaN(result.Y))
        {
            result = NewtonRaphson2D.Solve(PitmanIterative, start, ThetaNonNegative, _cancellationToken);
        }
        else
        {
            var (test, _) = PitmanIterative(result);
            if (double.IsNaN(test.X) || double.IsNaN(test.Y) || Math.Abs(test.X) > NewtonRaphson2D.Accuracy || Math.Abs(test.Y) > NewtonRaphson2D.Accuracy)
            {
                result = NewtonRaphson2D.Solve(PitmanIterative, start, ThetaNonNegative, _cancellationToken);
            }
        }
        return PitmanUniques(result.X, result.Y, _population);
    }

    /// <summary>
    /// The slide negative binomial model (Chen and Keller-McNulty 1998): the number K of non-empty
    /// population classes estimated as ARX does (after Haas and Stokes 1998 and Shlosser), then
    /// α and β solved from the counts of classes of size 1 and 2; uniques = K·β^α.
    /// </summary>
    public double Snb()
    {
        var c1 = ClassesOfSize1;
        var c2 = Count(2);
        var f = SamplingFraction;
        var k = NonEmptyClasses(f);
        (double X, double Y) Objective((double X, double Y) v)
        {
            var (a, b) = v;
            var dividend = (1 - f) * (1 - b);
            var x = (k * f * Math.Pow(b / (1 - dividend), a) * ((a * dividend / (1 - dividend)) + 1)) - c1;
            var y = (k * a * Math.Pow(b, a) * (f * f) * (1 - b) / 2 * Math.Pow(1 - dividend, a + 2) * (2 - ((1 - a) * dividend))) - c2;
            return (x, y);
        }
        ((double X, double Y), Matrix2) Master((double X, double Y) v)
        {
            // Central differences: the root is the same as with ARX's symbolic derivatives.
            var value = Objective(v);
            var ha = 1e-6 * Math.Max(1, Math.Abs(v.X));
            var hb = 1e-6 * Math.Max(1, Math.Abs(v.Y));
            var pa = Objective((v.X + ha, v.Y));
            var ma = Objective((v.X - ha, v.Y));
            var pb = Objective((v.X, v.Y + hb));
            var mb = Objective((v.X, v.Y - hb));
            return (value, new Matrix2((pa.X - ma.X) / (2 * ha), (pb.X - mb.X) / (2 * hb), (pa.Y - ma.Y) / (2 * ha), (pb.Y - mb.Y) / (2 * hb)));
        }
        var result = NewtonRaphson2D.Solve(Master, (1, 1), null, _cancellationToken);
        return k * Math.Pow(result.Y, result.X);
    }

    private double NonEmptyClasses(double f)
    {
        // As ARX's ModelSNB.estimateNonEmptyEquivalenceClasses, including its per-class "- 1" in the
        // second sum, so that the estimates agree with ARX's.
        double var1 = 0, var2 = 0, var3 = 0, var4 = 0;
        var f2 = f * f;
        foreach (var (size, count) in _histogram)
        {
            var val2 = Math.Pow(1 - f, size) * count;
            var1 += size * f2 * Math.Pow(1 - f2, size - 1) * count;
            var2 += (val2 * Math.Pow(1 + f, size)) - 1;
            var3 += val2;
            var4 += size * f * Math.Pow(1 - f, size - 1) * count;
        }
        return _classes + (ClassesOfSize1 * (var1 / var2) * (var3 / var4) * (var3 / var4));
    }

    private ((double X, double Y), Matrix2) PitmanClosed((double X, double Y) v)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var (t, a) = v;
        var u = _classes;
        var n = _records;
        var val0 = u - 1;
        var val1 = SpecialFunctions.DiGamma(val0 + (t / a) + 1);
        var val2 = PolyGamma.Trigamma((a + t + (a * val0)) / a);
        var val3 = PolyGamma.Trigamma((t / a) + 1);
        var val4 = SpecialFunctions.DiGamma((t / a) + 1);
        var val5 = a * a;
        var d1 = (val3 - val2) / val5;
        var d5 = ((a * val1) + (t * val2) - (a * val4) - (t * val3)) / (val5 * a);
        var d3 = ((val5 * val0) - (t * t * val2) + (t * t * val3) - (2 * a * t * val1) + (2 * a * t * val4)) / (val5 * val5);
        var o1 = (val1 - val4) / a;
        var o3 = ((-t * val1) + (a * val0) + (t * val4)) / (a * a);
        var o2 = SpecialFunctions.DiGamma(n + t) - SpecialFunctions.DiGamma(t + 1);
        var d2 = PolyGamma.Trigamma(t + 1) - PolyGamma.Trigamma(n + t);
        double d4 = 0, o4 = 0;
        var val6 = SpecialFunctions.DiGamma(1 - a);
        var val7 = PolyGamma.Trigamma(1 - a);
        foreach (var (size, count) in _histogram)
        {
            if (size != 1)
            {
                d4 += count * (val7 - PolyGamma.Trigamma(size - a));
                o4 += count * (SpecialFunctions.DiGamma(size - a) - val6);
            }
        }
        return ((o1 - o2, o3 - o4), new Matrix2(d2 - d1, -d5, -d5, -d3 - d4));
    }

    private ((double X, double Y), Matrix2) PitmanIterative((double X, double Y) v)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var (t, a) = v;
        double d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, o1 = 0, o2 = 0, o3 = 0, o4 = 0;
        for (var i = 1; i < _classes; i++)
        {
            var val0 = t + (i * a);
            var val3 = 1 / (val0 * val0);
            d1 += val3;
            d5 += i * val3;
            d3 += (double)i * i * val3;
            o1 += 1 / val0;
            o3 += i / val0;
        }
        foreach (var (size, count) in _histogram)
        {
            if (size != 1)
            {
                double s1 = 0, s2 = 0;
                for (var j = 1; j < size; j++)
                {
                    var val3 = j - a;
                    s1 += 1 / (val3 * val3);
                    s2 += 1 / val3;
                }
                d4 += count * s1;
                o4 += count * s2;
            }
        }
        for (var i = 1; i < _records; i++)
        {
            var val0 = t + i;
            d2 += 1 / (val0 * val0);
            o2 += 1 / val0;
        }
        return ((o1 - o2, o3 - o4), new Matrix2(d2 - d1, -d5, -d5, -d3 - d4));
    }

    internal static double PitmanUniques(double t, double a, double population)
    {
        if (double.IsNaN(a) || double.IsNaN(t) || a == 0)
        {
            return double.NaN;
        }
        var viaLog = Math.Exp(SpecialFunctions.GammaLn(t + 1) - SpecialFunctions.GammaLn(t + a)) * Math.Pow(population, a);
        viaLog = viaLog >= 0 && viaLog <= population ? viaLog : double.NaN;
        var direct = SpecialFunctions.Gamma(t + 1) / SpecialFunctions.Gamma(t + a) * Math.Pow(population, a);
        direct = direct >= 0 && direct <= population ? direct : double.NaN;
        return (double.IsNaN(viaLog), double.IsNaN(direct)) switch
        {
            (true, true) => double.NaN,
            (false, false) => Math.Max(viaLog, direct),
            (true, false) => direct,
            _ => viaLog,
        };
    }

    /// <summary>P(X = 1) for X hypergeometric: <paramref name="draws"/> drawn from <paramref name="population"/> of which <paramref name="successes"/> succeed.</summary>
    internal static double HypergeometricOne(long population, long successes, long draws)
    {
        if (successes < 1 || draws < 1 || draws - 1 > population - successes)
        {
            return 0;
        }
        var log = Math.Log(successes) + BinomialLn(population - successes, draws - 1) - BinomialLn(population, draws);
        return Math.Exp(log);
    }

    private static double BinomialLn(long n, long k) =>
        SpecialFunctions.GammaLn(n + 1d) - SpecialFunctions.GammaLn(k + 1d) - SpecialFunctions.GammaLn(n - k + 1d);

    private double Count(int size)
    {
        foreach (var (s, c) in _histogram)
        {
            if (s == size)
            {
                return c;
            }
            if (s > size)
            {
                break;
            }
        }
        return 0;
    }
}
