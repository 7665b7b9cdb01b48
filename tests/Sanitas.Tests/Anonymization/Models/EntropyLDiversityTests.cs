using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Models;

/// <summary>
/// ARX's test: a class of N records with value counts nᵢ passes iff Σ nᵢ·ψ(nᵢ) ≤ N·(ψ(N) − ln l),
/// i.e. its entropy ψ(N) − (1/N)·Σ nᵢ·ψ(nᵢ) is at least ln l (equality passes); ψ = ln for Shannon,
/// ψ = Grassberger's G otherwise. A class with fewer than ⌈l⌉ distinct values fails.
/// </summary>
public class EntropyLDiversityTests
{
    private static readonly string[] Table = ["a", "b", "c", "d", "e"];

    // Euler-Mascheroni constant.
    private const double Gamma = 0.57721566490153286060651209;

    private static bool Accepts(double l, EntropyEstimator estimator, params (string, int)[] entries) =>
        new CriterionHarness(new EntropyLDiversity("s", l, estimator), Table).Accepts(CriterionHarness.Class(entries));

    [Fact]
    public void Shannon_equality_passes()
    {
        // Two values once each: H = ln 2, so l = 2 is met with equality.
        Assert.True(Accepts(2, EntropyEstimator.Shannon, ("a", 1), ("b", 1)));
        // Two values twice each: Σ nᵢ ln nᵢ = 4 ln 2 = 4·(ln 4 − ln 2).
        Assert.True(Accepts(2, EntropyEstimator.Shannon, ("a", 2), ("b", 2)));
        // Three values once each: H = ln 3.
        Assert.True(Accepts(3, EntropyEstimator.Shannon, ("a", 1), ("b", 1), ("c", 1)));
    }

    [Fact]
    public void Shannon_boundary_between_two_l()
    {
        // Counts 2, 1, 1 of N = 4: H = −(½ ln ½ + 2·¼ ln ¼) = 1.5 ln 2 = ln 2^1.5 = ln 2.8284…
        Assert.Equal(1.5 * Math.Log(2), EntropyLDiversity.Entropy([2, 1, 1], 4, EntropyEstimator.Shannon), 12);
        Assert.True(Accepts(2.8284, EntropyEstimator.Shannon, ("a", 2), ("b", 1), ("c", 1)));
        Assert.False(Accepts(2.8285, EntropyEstimator.Shannon, ("a", 2), ("b", 1), ("c", 1)));
    }

    [Fact]
    public void Too_few_distinct_values_fail()
    {
        // ⌈2.5⌉ = 3 distinct values needed.
        Assert.False(Accepts(2.5, EntropyEstimator.Shannon, ("a", 5), ("b", 5)));
        Assert.False(Accepts(2, EntropyEstimator.Grassberger, ("a", 10)));
        Assert.Equal(3, new EntropyLDiversity("s", 2.5).MinimalClassSize);
    }

    [Fact]
    public void Grassberger_G_values()
    {
        // G(1) = −γ − ln 2; G(2n) = G(2n−1)... = G(1) + Σₖ₌₁..ₙ 2/(2k−1); odd n > 1 uses G(n−1).
        // Entropy of an empty histogram is ψ(N) itself.
        double G(int n) => EntropyLDiversity.Entropy([], n, EntropyEstimator.Grassberger);
        Assert.Equal(-Gamma - Math.Log(2), G(1), 15);
        Assert.Equal(-1.2703628454614782, G(1), 15);
        Assert.Equal(G(1) + 2, G(2), 14);
        Assert.Equal(G(2), G(3));
        Assert.Equal(G(2) + 2d / 3, G(4), 14);
        Assert.Equal(G(4), G(5));
        Assert.Equal(G(4) + 2d / 5, G(6), 14);
        // ARX's precomputed table, bit for bit: G(2) = 0.7296371545385218, G(4) = 1.3963038212051886, G(100) = 4.605186851488337.
        Assert.Equal(0.7296371545385218, G(2));
        Assert.Equal(1.3963038212051886, G(4));
        Assert.Equal(1.7963038212051885, G(6));
        Assert.Equal(4.605186851488337, G(100));
        // Beyond 100, ARX's expansion for the even part of n: ln n + m(1/24 − m(7/960 − m·31/8064)), m = 1/(n/2)².
        // So G(101) comes from the expansion at 100, which agrees with the table to 1e-14.
        static double Expansion(int even)
        {
            var m = 1d / (even / 2 * (even / 2));
            return Math.Log(even) + m * (1d / 24 - m * (7d / 960 - m * (31d / 8064)));
        }
        Assert.Equal(Expansion(100), G(101));
        Assert.Equal(G(100), G(101), 14);
        Assert.Equal(Expansion(200), G(200));
        Assert.Equal(G(200), G(201));
        // The expansion continues the table smoothly: G(102) − G(100) ≈ 2/101.
        Assert.Equal(2d / 101, G(102) - G(100), 6);
    }

    [Fact]
    public void Grassberger_entropy_of_small_classes()
    {
        // Two singletons: G(2) − (G(1) + G(1))/2 = G(2) − G(1) = 2 nats (Shannon: ln 2).
        Assert.Equal(2, EntropyLDiversity.Entropy([1, 1], 2, EntropyEstimator.Grassberger), 12);
        Assert.Equal(Math.Log(2), EntropyLDiversity.Entropy([1, 1], 2, EntropyEstimator.Shannon), 15);
        // Counts 2, 1 (N = 3 uses G(2)): G(2) − (2·G(2) + G(1))/3 = (G(2) − G(1))/3 = 2/3.
        Assert.Equal(2d / 3, EntropyLDiversity.Entropy([2, 1], 3, EntropyEstimator.Grassberger), 12);
        // So l = e^(2/3) = 1.9477… is the boundary for that class under Grassberger, while Shannon
        // gives −(⅔ ln ⅔ + ⅓ ln ⅓) = 0.6365, i.e. l up to e^0.6365 = 1.88988.
        Assert.True(Accepts(Math.Exp(2d / 3) - 1e-9, EntropyEstimator.Grassberger, ("a", 2), ("b", 1)));
        Assert.False(Accepts(Math.Exp(2d / 3) + 1e-9, EntropyEstimator.Grassberger, ("a", 2), ("b", 1)));
        Assert.True(Accepts(1.8898, EntropyEstimator.Shannon, ("a", 2), ("b", 1)));
        Assert.False(Accepts(1.8899, EntropyEstimator.Shannon, ("a", 2), ("b", 1)));
    }

    [Fact]
    public void Grassberger_verdict_does_not_depend_on_the_histogram_order()
    {
        // Counts 2, 1 with l = 1.9: Σ nᵢ·G(nᵢ) = 2·G(2) + G(1) = 0.189 ≤ 3·(G(2) − ln 1.9) = 0.263, so the class passes.
        // The partial sum after the first entry, 2·G(2) = 1.459, exceeds the bound: stopping there (as ARX
        // does) would reject the class when the histogram lists the value seen twice first.
        var harness = new CriterionHarness(new EntropyLDiversity("s", 1.9, EntropyEstimator.Grassberger), Table);
        var a = harness.Histogram(["a"]).Values[0];
        var b = harness.Histogram(["b"]).Values[0];
        Assert.True(harness.Criterion.IsSatisfied(3, [a, b], [2, 1]));
        Assert.True(harness.Criterion.IsSatisfied(3, [b, a], [1, 2]));
        Assert.False(new CriterionHarness(new EntropyLDiversity("s", 2, EntropyEstimator.Grassberger), Table).Criterion.IsSatisfied(3, [a, b], [2, 1]));
    }

    [Fact]
    public void Is_not_monotonic_with_suppression()
    {
        var model = new EntropyLDiversity("s", 3);
        Assert.False(model.IsMonotonicWithSuppression);
        Assert.True(model.IsMonotonicWithGeneralization);
        Assert.Equal(EntropyEstimator.Shannon, model.Estimator);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0)]
    [InlineData(double.NaN)]
    public void L_below_one_is_rejected(double l)
    {
        var error = Assert.Throws<InvalidOptionException>(() => new EntropyLDiversity("disease", l).Validate());
        Assert.StartsWith("entropy-l-diversity on 'disease': l must be at least 1, got ", error.Message);
    }
}
