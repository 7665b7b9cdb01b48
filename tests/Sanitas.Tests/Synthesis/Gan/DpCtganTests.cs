using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;
using Sanitas.Synthesis.Gan;

namespace Sanitas.Tests.Synthesis.Gan;

public sealed class DpCtganTests
{
    private static readonly SynthesisConfig Config = new([
        SynthesisColumn.Categorical("a", ["x", "y"]),
        SynthesisColumn.Categorical("b", ["p", "q", "r"]),
        SynthesisColumn.Categorical("c", ["k0", "k1", "k2", "k3"]),
    ]);

    /// <summary>400 rows with skewed marginals: a 80/20, b 10/30/60, c 50/5/5/40.</summary>
    private static Table Skewed()
    {
        var rows = new List<string[]>();
        for (var i = 0; i < 400; i++)
        {
            rows.Add([i % 5 == 0 ? "y" : "x", (i % 10) switch { 0 => "p", < 4 => "q", _ => "r" }, (i % 20) switch { < 10 => "k0", 10 => "k1", 11 => "k2", _ => "k3" }]);
        }
        return new Table(new[] { "a", "b", "c" }.Select((name, j) => Column.FromValues(name, rows.Select(r => r[j]))));
    }

    private static SynthesisOptions Options(double epsilon, DpCtganOptions? gan = null) => new()
    {
        Mechanism = "dpctgan",
        Epsilon = epsilon,
        Delta = 1e-6,
        DpCtgan = gan ?? new DpCtganOptions(),
    };

    private static double[] Frequencies(Table table, string column, IReadOnlyList<string> categories)
    {
        var counts = new double[categories.Count];
        var values = table[column];
        for (var r = 0; r < table.RowCount; r++)
        {
            counts[categories.ToList().IndexOf(values[r]!)]++;
        }
        return [.. counts.Select(c => c / table.RowCount)];
    }

    private static double Tvd(double[] p, double[] q) => 0.5 * p.Zip(q, (x, y) => Math.Abs(x - y)).Sum();

    [Fact]
    [Trait("Category", "Slow")]
    public void With_a_very_large_epsilon_the_one_way_marginals_are_reproduced()
    {
        var real = Skewed();
        var gan = new DpCtganOptions
        {
            Steps = 1000,
            BatchSize = 50,
            GeneratorLayers = [32, 32],
            LatentDimension = 16,
        };
        var result = Synthesizer.Synthesize(real, Config, Options(1e4, gan), new SeededRandomForTests(5));
        Assert.Equal(400, result.Synthetic.RowCount, tolerance: 2); // N̂ from the noisy marginals at a large ε
        foreach (var column in Config.Columns)
        {
            var p = Frequencies(real, column.Name, column.Categories);
            var q = Frequencies(result.Synthetic, column.Name, column.Categories);
            var uniform = Enumerable.Repeat(1.0 / p.Length, p.Length).ToArray();
            // Roughly: within 0.08 in TVD, and much closer than the uniform distribution (0.3–0.5 away here).
            Assert.True(Tvd(p, q) < 0.08, $"{column.Name}: real {string.Join(", ", p)}, synthetic {string.Join(", ", q)}");
            Assert.True(Tvd(p, q) < Tvd(p, uniform) / 3, $"{column.Name}: TVD {Tvd(p, q)} vs uniform {Tvd(p, uniform)}");
        }
        Assert.Empty(result.Log.Cliques);
        Assert.NotNull(result.Log.DpCtgan);
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(0.3, 1e-9)]
    [InlineData(1, 1e-9)]
    [InlineData(4, 1e-9)]
    public void The_accountant_epsilon_of_the_schedule_is_within_the_budget_and_sigma_is_the_smallest_that_fits(double epsilon, double delta)
    {
        var options = Options(epsilon) with { Delta = delta, DpCtgan = new DpCtganOptions { Steps = 2, BatchSize = 40, GeneratorLayers = [8], DiscriminatorLayers = [8], LatentDimension = 4 } };
        var result = Synthesizer.Synthesize(Skewed(), Config, options, new SeededRandomForTests(1));
        var plan = result.Log.DpCtgan!;
        Assert.Equal(2, plan.Steps);
        Assert.True(plan.Epsilon <= epsilon, $"accountant ε {plan.Epsilon} > {epsilon}");
        // Recomputed from the released schedule: the marginals at ρ_m = share·ρ, then the DP-SGD steps.
        var marginalRho = 0.1 * ZeroConcentratedBudget.RhoFor(epsilon, delta);
        Assert.Equal(marginalRho, result.Log.RhoSpent, 12);
        Assert.True(DpCtganAccountant.Epsilon(marginalRho, plan.SamplingRate, plan.NoiseMultiplier, plan.Steps, delta).Epsilon <= epsilon);
        Assert.True(DpCtganAccountant.Epsilon(marginalRho, plan.SamplingRate, plan.NoiseMultiplier * 0.99, plan.Steps, delta).Epsilon > epsilon,
            "σ is not the smallest that fits: 1% less noise should overspend");
        // q = B/N̂ with N̂ the noisy marginals' mean total (400 rows, noise σ ≈ a few rows here).
        Assert.InRange(40 / plan.SamplingRate, 300, 500);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_given_noise_multiplier_is_kept_when_it_fits_and_raised_when_it_does_not()
    {
        DpCtganAccounting Plan(double sigma) => Synthesizer.Synthesize(Skewed(), Config,
            Options(1) with { DpCtgan = new DpCtganOptions { Steps = 2, BatchSize = 40, NoiseMultiplier = sigma, GeneratorLayers = [8], DiscriminatorLayers = [8], LatentDimension = 4 } },
            new SeededRandomForTests(2)).Log.DpCtgan!;
        var large = Plan(50);
        Assert.Equal(50, large.NoiseMultiplier);
        Assert.True(large.Epsilon < 1);
        var small = Plan(0.01);
        Assert.True(small.NoiseMultiplier > 0.01);
        Assert.True(small.Epsilon <= 1);
    }

    [Fact]
    public void Bad_options_fail_before_the_charge_naming_the_key()
    {
        Assert.Equal("batchSize", Assert.Throws<InvalidOptionException>(() => Synthesizer.Validate(Options(1, new DpCtganOptions { BatchSize = 0 }))).Option);
        Assert.Equal("marginalShare", Assert.Throws<InvalidOptionException>(() => Synthesizer.Validate(Options(1, new DpCtganOptions { MarginalShare = 1 }))).Option);
        Assert.Equal("layers", Assert.Throws<InvalidOptionException>(() => Synthesizer.Validate(Options(1, new DpCtganOptions { GeneratorLayers = [] }))).Option);
        // At δ = 1e-12 and ε = 0.01 the marginals' share alone is over budget in the accountant.
        var e = Assert.Throws<InvalidOptionException>(() => Synthesizer.Validate(Options(0.01, new DpCtganOptions { MarginalShare = 0.9 }) with { Delta = 1e-12 }));
        Assert.Equal("marginalShare", e.Option);
    }

    [Fact]
    public void The_condition_sampler_draws_from_the_noisy_marginals_it_is_given_not_from_data()
    {
        // It is built from released counts only: no constructor or field can hold a table.
        var types = typeof(ConditionSampler).GetConstructors(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
            .Concat(typeof(ConditionSampler).GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance).Select(f => f.FieldType));
        Assert.DoesNotContain(types, t => t == typeof(EncodedTable) || t == typeof(Table));
        // Noisy counts (negative noise clamped to 0; an all-negative column is uniform).
        var sampler = new ConditionSampler([[30, -4, 10], [-1, -2]]);
        var random = new BufferedRandom(new SeededRandomForTests(3));
        var counts = new int[2][] { new int[3], new int[2] };
        const int Draws = 60_000;
        for (var i = 0; i < Draws; i++)
        {
            var (column, cell) = sampler.Sample(random);
            counts[column][cell]++;
        }
        Assert.Equal(0, counts[0][1]);
        Assert.InRange(counts[0].Sum() / (double)Draws, 0.49, 0.51);
        Assert.InRange(counts[0][0] / (double)counts[0].Sum(), 0.74, 0.76);
        Assert.InRange(counts[1][0] / (double)counts[1].Sum(), 0.48, 0.52);
    }

    /// <summary>2,000 rows: a uniform over 3 categories, b = a (perfectly associated), c independent and skewed.</summary>
    private static (EncodedTable Data, SynthesisConfig Config) Planted()
    {
        var config = new SynthesisConfig([
            SynthesisColumn.Categorical("a", ["a0", "a1", "a2"]),
            SynthesisColumn.Categorical("b", ["b0", "b1", "b2"]),
            SynthesisColumn.Categorical("c", ["c0", "c1"]),
        ]);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 2000).Select(_ => (A: random.Next(3), C: random.NextDouble() < 0.7 ? 0 : 1)).ToArray();
        var table = new Table([
            Column.FromValues("a", rows.Select(r => "a" + r.A)),
            Column.FromValues("b", rows.Select(r => "b" + r.A)),
            Column.FromValues("c", rows.Select(r => "c" + r.C)),
        ]);
        return (EncodedTable.Encode(table, config), config);
    }

    private static DpCtganOptions PlantedOptions => new() { Steps = 300, BatchSize = 100, GeneratorLayers = [32, 32], LatentDimension = 8 };

    /// <summary>The share of synthetic rows with b = a (1 in the data, 1/3 for independent columns) and the (a, b) marginal's TVD.</summary>
    private static (double Agreement, double Tvd) Association(EncodedTable data, EncodedTable synthetic)
    {
        var agreement = Enumerable.Range(0, synthetic.Rows).Count(r => synthetic.Codes[0][r] == synthetic.Codes[1][r]) / (double)synthetic.Rows;
        var p = data.Histogram([0, 1]).Select(v => v / data.Rows).ToArray();
        var q = synthetic.Histogram([0, 1]).Select(v => v / synthetic.Rows).ToArray();
        return (agreement, Tvd(p, q));
    }

    [Fact]
    public void Without_privacy_the_gan_learns_a_planted_association()
    {
        var (data, _) = Planted();
        var options = Options(1, PlantedOptions);
        var rho = Synthesizer.Validate(options);
        var result = DpCtganSynthesizer.Run(data, ["a", "b", "c"], rho, options, new SeededRandomForTests(8), null, default, new DpCtganAuditHooks { NonPrivate = true });
        var (agreement, tvd) = Association(data, result.Synthetic);
        // Independent columns with the right 1-way marginals: agreement 1/3 and TVD 2/3.
        Assert.True(agreement > 0.8, $"b = a in {agreement:P1} of the synthetic rows");
        Assert.True(tvd < 0.2, $"TVD of (a, b) {tvd:F3}");
    }

    [Fact]
    public void At_epsilon_ten_the_gan_still_learns_the_planted_association()
    {
        var (data, config) = Planted();
        var result = Synthesizer.Synthesize(data.Decode(config, new BufferedRandom(new SeededRandomForTests(1))), config, Options(10, PlantedOptions), new SeededRandomForTests(9));
        var (agreement, tvd) = Association(data, EncodedTable.Encode(result.Synthetic, config));
        Assert.True(agreement > 0.8, $"b = a in {agreement:P1} of the synthetic rows");
        Assert.True(tvd < 0.2, $"TVD of (a, b) {tvd:F3}");
    }

    [Fact]
    public void The_integer_discrete_Gaussian_sampler_has_the_exact_distribution()
    {
        // N_Z(0, 9): P(y) ∝ exp(−y²/18); a chi-square test over |y| ≤ 9 (plus the tails) with 200,000 draws.
        const ulong Variance = 9;
        const int Draws = 200_000;
        var sampler = new IntegerGaussianNoise(Variance, new SeededRandomForTests(11));
        var observed = new int[21];
        var sum = 0.0;
        var squares = 0.0;
        for (var i = 0; i < Draws; i++)
        {
            var y = sampler.Sample();
            sum += y;
            squares += (double)y * y;
            observed[Math.Clamp(y, -10, 10) + 10]++;
        }
        var weights = Enumerable.Range(-60, 121).ToDictionary(y => y, y => Math.Exp(-(double)y * y / (2.0 * Variance)));
        var total = weights.Values.Sum();
        double Expected(int cell) => Draws * (cell switch
        {
            0 => weights.Where(w => w.Key <= -10).Sum(w => w.Value),
            20 => weights.Where(w => w.Key >= 10).Sum(w => w.Value),
            _ => weights[cell - 10],
        }) / total;
        var chi = Enumerable.Range(0, 21).Sum(c => Math.Pow(observed[c] - Expected(c), 2) / Expected(c));
        // 20 degrees of freedom: P(χ² > 45.3) = 0.001.
        Assert.True(chi < 45.3, $"χ² = {chi.ToString(CultureInfo.InvariantCulture)}");
        Assert.InRange(sum / Draws, -0.05, 0.05);
        Assert.InRange(squares / Draws, 8.85, 9.15);
    }

    [Fact]
    public void The_gradient_noise_has_at_least_sigma_times_the_widened_sensitivity()
    {
        var noise = new IntegerGaussianNoise(1.7, 1, 40_000, new SeededRandomForTests(4));
        Assert.True(noise.StandardDeviation >= 1.7 * noise.WidenedSensitivity);
        Assert.True(noise.StandardDeviation <= 1.7 * noise.WidenedSensitivity * (1 + 1e-9));
        Assert.True(noise.WidenedSensitivity < 1.001, $"C′ = {noise.WidenedSensitivity}: the grid should be fine enough");
        var values = new double[40_000];
        noise.AddTo(values);
        var sd = Math.Sqrt(values.Sum(v => v * v) / values.Length);
        Assert.InRange(sd, 0.97 * noise.StandardDeviation, 1.03 * noise.StandardDeviation);
        Assert.All(values, v => Assert.Equal(0, Math.ScaleB(v, -noise.GridExponent) % 1));
    }
}
