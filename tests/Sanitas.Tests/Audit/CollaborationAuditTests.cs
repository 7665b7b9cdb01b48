using MathNet.Numerics.Distributions;
using Sanitas.Collaboration;
using Sanitas.Privacy.Renyi;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Black-box audits of federated DP. Central DP-FedAvg: the released model is trained, through the real coordinator and
/// site nodes, on D and on D minus one person, many times; a threshold test on the released coefficient
/// gives an empirical lower bound on ε (Clopper–Pearson, 95%) that must not exceed the accountant's ε, and
/// must be clearly positive, so the audit can see a leak when there is one. Per-site DP-SGD: the same test on
/// what one centre sends out (its noisy model, read off the wire), with the person at that centre.
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
}
