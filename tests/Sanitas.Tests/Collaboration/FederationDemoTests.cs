using Sanitas.Collaboration;

namespace Sanitas.Tests.Collaboration;

public sealed class FederationDemoTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Every_protocol_over_loopback_HTTP_matches_the_pooled_fit()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sanitas-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            await MulticentreSample.WriteAsync(new MulticentreSampleOptions { Rows = 3000, Features = 4, Sites = 3, Seed = 4 }, directory);
            var result = await FederationDemo.RunAsync(new FederationDemoOptions { DataDirectory = directory, Folds = 3, KeyBits = 512, Rounds = 150 });
            Assert.Equal(["fedavg", "secagg", "smpc", "threshold-he"], result.Reports.Select(r => r.Protocol));
            foreach (var report in result.Reports)
            {
                Assert.Equal(5, report.Coefficients.Count);
                for (var j = 0; j < 5; j++)
                {
                    Assert.True(Math.Abs(report.Coefficients[j] - result.PooledCoefficients[j]) < 1e-3,
                        $"{report.Protocol}: coefficient {j} is {report.Coefficients[j]}, pooled {result.PooledCoefficients[j]}");
                }
                Assert.Equal(3, report.Auc.Count);
                for (var f = 0; f < 3; f++)
                {
                    Assert.True(Math.Abs(report.Auc[f] - result.PooledAuc[f]) < 0.005, $"{report.Protocol}: fold {f} AUC {report.Auc[f]} vs pooled {result.PooledAuc[f]}");
                }
                Assert.True(report.BytesSent > 0);
                Assert.True(report.Rounds > 3);
                Assert.Empty(report.Dropouts);
                Assert.Equal(3000, report.Rows);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
