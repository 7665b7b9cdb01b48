using MathNet.Numerics.Distributions;
using Sanitas.Collaboration;
using Sanitas.Privacy;
using Sanitas.Privacy.Renyi;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Black-box audits of federated DP. Central DP-FedAvg: the released model is trained, through the real coordinator and
/// site nodes, on D and on D minus one person, many times; a threshold test on the released coefficient
/// gives an empirical lower bound on ε (Clopper–Pearson, 95%) that must not exceed the accountant's ε, and
/// must be clearly positive, so the audit can see a leak when there is one. Per-site DP-SGD: the same test on
/// what one centre sends out (its noisy model, read off the wire), with the person at that centre. The MLP audits
/// do the same for the whole parameter vector of a network, projecting the released step on the direction of the
/// target's clipped gradient, and check their power on a mis-noised variant (σ far below the claim's), which the
/// same statistic must catch above the claimed ε.
/// </summary>
public sealed class CollaborationAuditTests
{
    private const int Trials = 600;

    private static SiteData Rows(bool withTarget)
    {
        // Pairs whose gradients cancel at w = 0, plus (in D) one person whose clipped gradient points along x1.
        var x = new List<double>();
        var y = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            x.AddRange([1, 1]);
            y.Add(i % 2);
        }
        if (withTarget)
        {
            x.AddRange([1, 10]);
            y.Add(0);
        }
        return new SiteData([.. x], [.. y], 2);
    }

    private static async Task<double[]> ReleasesAsync(bool withTarget, DpFedAvgSettings dp)
    {
        var sites = new List<SiteData> { Rows(withTarget), Rows(false) };
        using var consortium = new Sanitas.Tests.Collaboration.FederatedCoordinatorTests.Consortium(sites, FederationProtocol.FedAvg, adjust: (_, o) => o with { NoLedger = true });
        consortium.Config = consortium.Config with { Rounds = 1, Dp = dp };
        var releases = new double[Trials];
        for (var t = 0; t < Trials; t++)
        {
            var report = await consortium.RunAsync();
            // w1 = −lr·(sum + noise)/B: undo the public scaling to read the noisy sum's x1 coordinate.
            releases[t] = -report.Coefficients[1] * dp.ExpectedBatchSize / dp.LearningRate;
        }
        return releases;
    }

    private static async Task<double[]> SiteReleasesAsync(bool withTarget, DpFedAvgSettings dp)
    {
        var sites = new List<SiteData> { Rows(withTarget), Rows(false) };
        using var consortium = new Sanitas.Tests.Collaboration.FederatedCoordinatorTests.Consortium(sites, FederationProtocol.FedAvg, adjust: (_, o) => o with { NoLedger = true });
        consortium.Config = consortium.Config with { Rounds = 1, LocalEpochs = 1, Dp = dp };
        var released = new List<double>();
        // The release of site1 as it leaves the site: its signed answer to the per-site DP-SGD task.
        consortium.Channels[0].Tamper = answer =>
        {
            var response = CollaborationJson.Deserialize<SiteResponse>(answer.Payload, "audit");
            if (response.Step == "compute" && response.Values is { } values)
            {
                lock (released)
                {
                    released.Add(-values[1] * dp.ExpectedBatchSize / dp.LearningRate);
                }
            }
            return answer;
        };
        for (var t = 0; t < Trials; t++)
        {
            await consortium.RunAsync();
        }
        Assert.Equal(Trials, released.Count);
        return [.. released];
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Per_site_dp_sgd_release_of_one_centre_stays_within_its_claimed_epsilon()
    {
        var dp = new DpFedAvgSettings(NoiseMultiplier: 1.0, ClippingNorm: 1.0, SamplingRate: 1.0, Delta: 1e-5, LearningRate: 1.0, ExpectedBatchSize: 20) { PerSite = true };
        var claimed = RenyiAccountant.Epsilon(1.0, 1.0, 1, 1e-5).Epsilon;
        var withTarget = await SiteReleasesAsync(true, dp);
        var without = await SiteReleasesAsync(false, dp);
        const double threshold = 1.5; // fixed before looking at the releases
        var positives = withTarget.Count(v => v > threshold);
        var falsePositives = without.Count(v => v > threshold);
        var tprLow = positives == 0 ? 0 : Beta.InvCDF(positives, Trials - positives + 1, 0.025);
        var fprHigh = falsePositives == Trials ? 1 : Beta.InvCDF(falsePositives + 1, Trials - falsePositives, 0.975);
        var lowerBound = Math.Log(Math.Max(tprLow - dp.Delta, 1e-12) / fprHigh);
        Assert.True(lowerBound <= claimed, $"empirical ε ≥ {lowerBound:F2} exceeds the claimed ε = {claimed:F2}");
        Assert.True(lowerBound > 0.5, $"the audit lost its power: empirical ε ≥ {lowerBound:F2}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Dp_fedavg_release_stays_within_its_claimed_epsilon()
    {
        var dp = new DpFedAvgSettings(NoiseMultiplier: 1.0, ClippingNorm: 1.0, SamplingRate: 1.0, Delta: 1e-5, LearningRate: 1.0, ExpectedBatchSize: 20);
        var claimed = RenyiAccountant.Epsilon(1.0, 1.0, 1, 1e-5).Epsilon;
        var withTarget = await ReleasesAsync(true, dp);
        var without = await ReleasesAsync(false, dp);
        const double threshold = 1.5; // fixed before looking at the releases
        var positives = withTarget.Count(v => v > threshold);
        var falsePositives = without.Count(v => v > threshold);
        var tprLow = positives == 0 ? 0 : Beta.InvCDF(positives, Trials - positives + 1, 0.025);
        var fprHigh = falsePositives == Trials ? 1 : Beta.InvCDF(falsePositives + 1, Trials - falsePositives, 0.975);
        var lowerBound = Math.Log(Math.Max(tprLow - dp.Delta, 1e-12) / fprHigh);
        Assert.True(lowerBound <= claimed, $"empirical ε ≥ {lowerBound:F2} exceeds the claimed ε = {claimed:F2}");
        Assert.True(lowerBound > 0.5, $"the audit lost its power: empirical ε ≥ {lowerBound:F2}");
    }

    private static readonly int[] MlpHidden = [4];

    /// <summary>One centre's rows for the MLP audits: ten ordinary people and, in D, an outlier whose gradient is clipped to C.</summary>
    private static SiteData MlpRows(bool withTarget, int offset)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            x.AddRange([1, ((i % 5) - 2) * 0.3, (((i + offset) % 3) - 1) * 0.4]);
            y.Add((i + offset) % 2);
        }
        if (withTarget)
        {
            // The label the seeded initial network gets wrong, so the outlier's gradient is large (and clipped to C).
            x.AddRange([1, 8, -8]);
            y.Add(LocalMlp.Create(2, MlpHidden, 1).Predict([8.0, -8.0])[0] < 0.5 ? 1 : 0);
        }
        return new SiteData([.. x], [.. y], 3);
    }

    /// <summary>
    /// The statistic: undo the public step (θ₁ = θ₀ − lr·(S + noise)/B) to read the noisy clipped sum, subtract what the
    /// attacker knows (the clipped sum of everyone else at θ₀, computed exactly as the sites do) and project it on the
    /// direction of the target's clipped gradient. Under D it is C + N(0, σ²C′²), under D minus the target N(0, σ²C′²).
    /// </summary>
    private sealed class MlpAttacker
    {
        private readonly double[] _initial;
        private readonly double[] _known;
        private readonly double[] _direction;

        public MlpAttacker(IReadOnlyList<SiteData> without, IReadOnlyList<SiteData> with, int seed)
        {
            _initial = LocalMlp.Create(2, MlpHidden, seed).Parameters.ToArray();
            double[] Clipped(IReadOnlyList<SiteData> sites)
            {
                var sum = new double[_initial.Length];
                foreach (var site in sites)
                {
                    var part = LocalMlp.ClippedGradientSum(site, _initial, [.. Enumerable.Range(0, site.Rows)], MlpHidden, 1.0, 1.0, new SeededRandomForTests(1));
                    System.Numerics.Tensors.TensorPrimitives.Add(sum, part, sum);
                }
                return sum;
            }
            _known = Clipped(without);
            var target = Clipped(with);
            System.Numerics.Tensors.TensorPrimitives.Subtract(target, _known, target);
            TargetNorm = System.Numerics.Tensors.TensorPrimitives.Norm(target);
            _direction = [.. target.Select(v => v / TargetNorm)];
        }

        public double TargetNorm { get; }

        public double Statistic(IReadOnlyList<double> released, DpFedAvgSettings dp)
        {
            var s = 0.0;
            for (var j = 0; j < _initial.Length; j++)
            {
                var noisySum = -(released[j] - _initial[j]) * dp.ExpectedBatchSize / dp.LearningRate;
                s += (noisySum - _known[j]) * _direction[j];
            }
            return s;
        }
    }

    /// <summary>One DP step of the MLP through the real coordinator and nodes, on D (with the target at site1) or D minus the target.</summary>
    private static async Task<double[]> MlpReleasesAsync(bool withTarget, DpFedAvgSettings dp, int trials)
    {
        var sites = new List<SiteData> { MlpRows(withTarget, 0), MlpRows(false, 1) };
        // Central DP releases the noisy sum over both centres; per-site DP, site1's own noisy sum.
        var attacker = dp.PerSite
            ? new MlpAttacker([MlpRows(false, 0)], [MlpRows(true, 0)], seed: 1)
            : new MlpAttacker([MlpRows(false, 0), MlpRows(false, 1)], [MlpRows(true, 0), MlpRows(false, 1)], seed: 1);
        Assert.True(Math.Abs(attacker.TargetNorm - dp.ClippingNorm) < 1e-9, $"the target's gradient is not clipped to C: {attacker.TargetNorm}");
        using var consortium = new Sanitas.Tests.Collaboration.FederatedCoordinatorTests.Consortium(sites, FederationProtocol.FedAvg, adjust: (_, o) => o with { NoLedger = true });
        consortium.Config = consortium.Config with { Model = "mlp", Hidden = MlpHidden, Rounds = 1, LocalEpochs = 1, Dp = dp };
        var released = new List<double>();
        if (dp.PerSite)
        {
            // Per-site DP: site1's noisy network as it leaves the site, read off the wire.
            consortium.Channels[0].Tamper = answer =>
            {
                var response = CollaborationJson.Deserialize<SiteResponse>(answer.Payload, "audit");
                if (response.Step == "compute" && response.Values is { } values)
                {
                    lock (released)
                    {
                        released.Add(attacker.Statistic(values, dp));
                    }
                }
                return answer;
            };
        }
        for (var t = 0; t < trials; t++)
        {
            var report = await consortium.RunAsync();
            if (!dp.PerSite)
            {
                released.Add(attacker.Statistic(report.Coefficients, dp));
            }
        }
        Assert.Equal(trials, released.Count);
        return [.. released];
    }

    /// <summary>The Clopper–Pearson (95%) lower bound on ε of the test "statistic &gt; threshold".</summary>
    private static double EmpiricalEpsilon(double[] withTarget, double[] without, double threshold, double delta)
    {
        var positives = withTarget.Count(v => v > threshold);
        var falsePositives = without.Count(v => v > threshold);
        var tprLow = positives == 0 ? 0 : Beta.InvCDF(positives, withTarget.Length - positives + 1, 0.025);
        var fprHigh = falsePositives == without.Length ? 1 : Beta.InvCDF(falsePositives + 1, without.Length - falsePositives, 0.975);
        return Math.Log(Math.Max(tprLow - delta, 1e-12) / fprHigh);
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dp_mlp_release_stays_within_its_claimed_epsilon_and_a_mis_noised_one_does_not(bool perSite)
    {
        var dp = new DpFedAvgSettings(NoiseMultiplier: 1.0, ClippingNorm: 1.0, SamplingRate: 1.0, Delta: 1e-5, LearningRate: 1.0, ExpectedBatchSize: 20) { PerSite = perSite };
        var claimed = RenyiAccountant.Epsilon(1.0, 1.0, 1, 1e-5).Epsilon;
        const double threshold = 0.9; // fixed before looking at the releases: C = 1 shifts the statistic by 1
        var lowerBound = EmpiricalEpsilon(await MlpReleasesAsync(true, dp, Trials), await MlpReleasesAsync(false, dp, Trials), threshold, dp.Delta);
        Assert.True(lowerBound <= claimed, $"empirical ε ≥ {lowerBound:F2} exceeds the claimed ε = {claimed:F2}");
        Assert.True(lowerBound > 0.5, $"the audit lost its power: empirical ε ≥ {lowerBound:F2}");

        // Power: the same statistic on a release noised 20 times too little must exceed the claim.
        var misNoised = dp with { NoiseMultiplier = 0.05 };
        var leaked = EmpiricalEpsilon(await MlpReleasesAsync(true, misNoised, Trials), await MlpReleasesAsync(false, misNoised, Trials), threshold, dp.Delta);
        Assert.True(leaked > claimed, $"the mis-noised release gives only ε ≥ {leaked:F2}, not above the claimed {claimed:F2}");
    }
}
