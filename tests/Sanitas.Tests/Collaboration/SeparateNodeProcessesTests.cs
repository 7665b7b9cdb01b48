using System.Globalization;
using System.Text.Json;
using Sanitas.Collaboration;
using Sanitas.Tests.Faults;

namespace Sanitas.Tests.Collaboration;

/// <summary>
/// The deployment as documented: three <c>sanitas node serve</c> processes of the built command-line tool,
/// each with its own identity and file, and <c>sanitas federate --config</c> as a fourth process.
/// </summary>
[Collection("Node processes")]
public sealed class SeparateNodeProcessesTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Three_node_processes_and_a_coordinator_process_reproduce_the_pooled_fit()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sanitas-nodes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var nodes = new List<ChildCli>();
        try
        {
            var sample = ChildCli.Run(directory, "sample", "multicentre", "--rows", "900", "--features", "3", "--sites", "3", "--out", directory, "--seed", "8");
            Assert.True(sample.ExitCode == 0, sample.Error);
            foreach (var party in new[] { "coordinator", "site1", "site2", "site3" })
            {
                var keygen = ChildCli.Run(directory, "node", "keygen", "--name", party, "--out", party + ".pem");
                Assert.True(keygen.ExitCode == 0, keygen.Error);
            }
            var ports = LoopbackPorts.Reserve(3);
            var yaml = string.Join('\n',
                "coordinator: { name: coordinator, publicKey: coordinator.pem.pub, identity: coordinator.pem }",
                "sites:",
                string.Join('\n', ports.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"  - {{ name: site{i + 1}, url: \"http://127.0.0.1:{p}\", publicKey: site{i + 1}.pem.pub }}"))),
                "protocol: smpc",
                "features: [x1, x2, x3]",
                "label: y",
                "positive: \"1\"",
                "folds: 2",
                "threshold: 2",
                "timeoutSeconds: 30",
                "retries: 2",
                "");
            File.WriteAllText(Path.Combine(directory, "consortium.yaml"), yaml);
            for (var i = 0; i < 3; i++)
            {
                var site = $"site{i + 1}";
                nodes.Add(ChildCli.Start(directory, "node", "serve", "--site", site, "--data", site + ".csv", "--identity", site + ".pem",
                    "--consortium", "consortium.yaml", "--listen", $"http://127.0.0.1:{ports[i]}"));
            }
            foreach (var port in ports)
            {
                Assert.True(LoopbackPorts.WaitForListener(port, TimeSpan.FromSeconds(45)), $"no node listened on port {port}");
            }
            var federate = ChildCli.Run(directory, "federate", "--config", "consortium.yaml", "--report", "report.json");
            Assert.True(federate.ExitCode == 0, federate.Output + federate.Error);
            using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "report.json")));
            Assert.Equal("smpc", report.RootElement.GetProperty("protocol").GetString());
            Assert.Equal(2, report.RootElement.GetProperty("auc").GetArrayLength());
            var coefficients = report.RootElement.GetProperty("coefficients").EnumerateArray().Select(c => c.GetDouble()).ToArray();
            var pooled = LocalLogistic.FitPooled(SiteData.Load(Path.Combine(directory, "pooled.csv"), ["x1", "x2", "x3"], "y", "1"));
            Assert.Equal(4, coefficients.Length);
            for (var j = 0; j < 4; j++)
            {
                Assert.True(Math.Abs(coefficients[j] - pooled[j]) < 1e-3, $"coefficient {j}: {coefficients[j]} vs pooled {pooled[j]}");
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
            Directory.Delete(directory, recursive: true);
        }
    }
}
