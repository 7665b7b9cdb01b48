using System.Globalization;
using System.Text.Json;
using Sanitas.Collaboration;
using Sanitas.Privacy;
using Sanitas.Privacy.Renyi;
using Sanitas.Tests.Faults;

namespace Sanitas.Tests.Collaboration;

/// <summary>
/// The documented deployment for the multilayer perceptron: three <c>sanitas node serve</c> processes, each charging its own
/// ledger, and <c>sanitas federate --config</c> runs with <c>model: mlp</c> over secagg and with per-site DP-SGD.
/// </summary>
[Collection("Node processes")]
public sealed class SeparateNodeProcessesMlpTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Node_processes_train_an_mlp_over_secagg_and_with_per_site_dp_charged_to_each_ledger()
    {
        using var folder = new TempFolder();
        var directory = folder.Path;
        var nodes = new List<ChildCli>();
        try
        {
            var sample = ChildCli.Run(directory, "sample", "multicentre", "--rows", "900", "--features", "3", "--sites", "3", "--out", directory, "--seed", "9");
            Assert.True(sample.ExitCode == 0, sample.Error);
            foreach (var party in new[] { "coordinator", "site1", "site2", "site3" })
            {
                var keygen = ChildCli.Run(directory, "node", "keygen", "--name", party, "--out", party + ".pem");
                Assert.True(keygen.ExitCode == 0, keygen.Error);
            }
            for (var i = 1; i <= 3; i++)
            {
                await BudgetLedger.Open(folder.File($"site{i}.ledger.sqlite"), createIfMissing: true).SetBudgetAsync("consortium", $"site{i}", 10, 1e-4);
            }
            var ports = LoopbackPorts.Reserve(3);
            string Consortium(string settings) => string.Join('\n',
                "coordinator: { name: coordinator, publicKey: coordinator.pem.pub, identity: coordinator.pem }",
                "sites:",
                string.Join('\n', ports.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"  - {{ name: site{i + 1}, url: \"http://127.0.0.1:{p}\", publicKey: site{i + 1}.pem.pub }}"))),
                "features: [x1, x2, x3]",
                "label: y",
                "positive: \"1\"",
                "threshold: 2",
                "timeoutSeconds: 60",
                "model: mlp",
                "hidden: [4]",
                settings,
                "");
            File.WriteAllText(folder.File("consortium.yaml"), Consortium("protocol: secagg\nfolds: 2\nrounds: 4\nlocalEpochs: 1\nlearningRate: 0.1"));
            File.WriteAllText(folder.File("consortium-dp.yaml"), Consortium("protocol: fedavg\nfolds: 0\nrounds: 5\nlocalEpochs: 2\n"
                + "dp: { mode: site, noiseMultiplier: 1.0, clippingNorm: 1.0, samplingRate: 0.1, delta: 1.0e-5, learningRate: 1.0, batchSize: 30 }"));
            for (var i = 0; i < 3; i++)
            {
                var site = $"site{i + 1}";
                nodes.Add(ChildCli.Start(directory, "node", "serve", "--site", site, "--data", site + ".csv", "--identity", site + ".pem",
                    "--consortium", "consortium.yaml", "--listen", $"http://127.0.0.1:{ports[i]}", "--ledger", site + ".ledger.sqlite", "--analyst", "consortium"));
            }
            foreach (var port in ports)
            {
                Assert.True(LoopbackPorts.WaitForListener(port, TimeSpan.FromSeconds(45)), $"no node listened on port {port}");
            }

            var secure = ChildCli.Run(directory, "federate", "--config", "consortium.yaml", "--report", "secagg.json");
            Assert.True(secure.ExitCode == 0, secure.Output + secure.Error);
            using (var report = JsonDocument.Parse(File.ReadAllText(folder.File("secagg.json"))))
            {
                Assert.Equal("secagg", report.RootElement.GetProperty("protocol").GetString());
                Assert.Equal(LocalMlp.ParameterCount(3, [4]), report.RootElement.GetProperty("coefficients").GetArrayLength());
                Assert.Equal(2, report.RootElement.GetProperty("auc").GetArrayLength());
            }

            var dp = ChildCli.Run(directory, "federate", "--config", "consortium-dp.yaml", "--report", "dp.json");
            Assert.True(dp.ExitCode == 0, dp.Output + dp.Error);
            var charged = RenyiAccountant.Epsilon(0.1, 1.0, 10, 1e-5).Epsilon;
            using (var report = JsonDocument.Parse(File.ReadAllText(folder.File("dp.json"))))
            {
                Assert.Equal(charged, report.RootElement.GetProperty("epsilon").GetDouble(), 9);
                Assert.Equal(LocalMlp.ParameterCount(3, [4]), report.RootElement.GetProperty("coefficients").GetArrayLength());
            }
            for (var i = 1; i <= 3; i++)
            {
                var spent = (await BudgetLedger.Open(folder.File($"site{i}.ledger.sqlite"), createIfMissing: false).GetAsync("consortium", $"site{i}"))!.EpsilonSpent;
                Assert.Equal(charged, spent, 9);
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
