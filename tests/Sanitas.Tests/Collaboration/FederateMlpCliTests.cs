using System.Text.Json;
using Sanitas.Collaboration;

namespace Sanitas.Tests.Collaboration;

/// <summary><c>sanitas federate --demo</c> with a multilayer perceptron: through secure aggregation, and with DP.</summary>
public sealed class FederateMlpCliTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Federate_demo_trains_an_mlp_through_secure_aggregation_and_with_per_site_dp()
    {
        using var folder = new TempFolder();
        var sample = CliRunner.Run("sample", "multicentre", "--rows", "900", "--features", "3", "--sites", "3", "--out", folder.Path, "--seed", "4");
        Assert.True(sample.ExitCode == 0, sample.Error);

        var secure = CliRunner.Run("federate", "--demo", "--data", folder.Path, "--protocol", "secagg", "--model", "mlp", "--hidden", "4",
            "--rounds", "5", "--local-epochs", "1", "--learning-rate", "0.1", "--folds", "2", "--report", folder.File("secagg.json"));
        Assert.True(secure.ExitCode == 0, secure.Output + secure.Error);
        Assert.Contains("Pooled plaintext MLP (the same network trained pooled)", secure.Output);
        using (var report = JsonDocument.Parse(File.ReadAllText(folder.File("secagg.json"))))
        {
            Assert.Equal("secagg", report.RootElement.GetProperty("protocol").GetString());
            Assert.Equal(LocalMlp.ParameterCount(3, [4]), report.RootElement.GetProperty("coefficients").GetArrayLength());
            Assert.Equal(2, report.RootElement.GetProperty("auc").GetArrayLength());
        }

        var dp = CliRunner.Run("federate", "--demo", "--data", folder.Path, "--protocol", "fedavg", "--model", "mlp", "--hidden", "4", "--rounds", "5",
            "--dp", "site", "--noise-multiplier", "1.0", "--sampling-rate", "0.1", "--batch-size", "30", "--report", folder.File("dp.json"));
        Assert.True(dp.ExitCode == 0, dp.Output + dp.Error);
        Assert.Contains("DP, ε = ", dp.Output);
        using (var report = JsonDocument.Parse(File.ReadAllText(folder.File("dp.json"))))
        {
            Assert.Equal(0, report.RootElement.GetProperty("auc").GetArrayLength()); // DP implies --folds 0: no AUC from private rows
            Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("rows").ValueKind);
        }
    }

    [Fact]
    public void Federate_demo_names_a_missing_dp_batch_size_and_dp_with_a_secure_protocol()
    {
        var noBatch = CliRunner.Run("federate", "--demo", "--protocol", "fedavg", "--model", "mlp", "--dp", "central");
        Assert.Equal(2, noBatch.ExitCode);
        Assert.Contains("--dp needs --batch-size", noBatch.Error);
        using var folder = new TempFolder();
        Assert.Equal(0, CliRunner.Run("sample", "multicentre", "--rows", "300", "--features", "2", "--sites", "2", "--out", folder.Path, "--seed", "4").ExitCode);
        var secure = CliRunner.Run("federate", "--demo", "--data", folder.Path, "--protocol", "secagg", "--model", "mlp", "--dp", "central", "--batch-size", "100");
        Assert.Equal(2, secure.ExitCode);
        Assert.Contains("'dp' applies to protocol fedavg", secure.Error);
        var mode = CliRunner.Run("federate", "--demo", "--protocol", "fedavg", "--dp", "local", "--batch-size", "100");
        Assert.Equal(2, mode.ExitCode);
        Assert.Contains("--dp: 'local' is not central or site", mode.Error);
    }
}
