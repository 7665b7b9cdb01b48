namespace Sanitas.Tests.Privacy;

/// <summary>Goodness-of-fit helpers for the seeded sampler tests.</summary>
internal static class Statistics
{
    /// <summary>
    /// Chi-square statistic of observed counts against expected probabilities, pooling adjacent bins
    /// (in the given order) until each expects at least five draws. Returns the statistic and the
    /// degrees of freedom.
    /// </summary>
    public static (double Statistic, int DegreesOfFreedom) ChiSquare(IReadOnlyList<long> observed, IReadOnlyList<double> probabilities, long draws)
    {
        var pooledObserved = new List<double>();
        var pooledExpected = new List<double>();
        double o = 0, e = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            o += observed[i];
            e += probabilities[i] * draws;
            if (e >= 5)
            {
                pooledObserved.Add(o);
                pooledExpected.Add(e);
                o = 0;
                e = 0;
            }
        }
        if (pooledExpected.Count == 0)
        {
            throw new InvalidOperationException("Too few draws for a chi-square test.");
        }
        pooledObserved[^1] += o;
        pooledExpected[^1] += e;
        var chi = 0.0;
        for (var i = 0; i < pooledExpected.Count; i++)
        {
            var d = pooledObserved[i] - pooledExpected[i];
            chi += d * d / pooledExpected[i];
        }
        return (chi, pooledExpected.Count - 1);
    }

    /// <summary>Upper 0.1% critical value of chi-square (Wilson–Hilferty approximation).</summary>
    public static double ChiSquareCritical(int degreesOfFreedom)
    {
        const double z = 3.090232; // upper 0.1% normal quantile
        var k = (double)degreesOfFreedom;
        var a = 2.0 / (9.0 * k);
        return k * Math.Pow(1 - a + (z * Math.Sqrt(a)), 3);
    }

    /// <summary>Asserts that the counts fit the probabilities at the 0.1% level.</summary>
    public static void AssertFits(IReadOnlyList<long> observed, IReadOnlyList<double> probabilities, long draws)
    {
        var (chi, df) = ChiSquare(observed, probabilities, draws);
        Assert.True(df >= 1, "Need at least two pooled bins.");
        var critical = ChiSquareCritical(df);
        Assert.True(chi < critical, $"chi-square {chi:F2} with {df} degrees of freedom exceeds the 0.1% critical value {critical:F2}");
    }

    /// <summary>Mean and (population) variance.</summary>
    public static (double Mean, double Variance) Moments(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return (mean, variance);
    }
}
