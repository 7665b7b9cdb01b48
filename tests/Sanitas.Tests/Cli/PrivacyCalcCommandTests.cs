using System.Text.Json;

namespace Sanitas.Tests.Cli;

public class PrivacyCalcCommandTests
{
    [Fact]
    public void Epochs_form_reproduces_TensorFlow_Privacy_as_json()
    {
        // tensorflow_privacy compute_dp_sgd_privacy_test.py: N = 60,000, batch 150, σ = 1.3, 15 epochs,
        // δ = 1e-5 → ε = 0.7242234026109595 at order 19.
        var run = CliRunner.Run("privacy-calc", "dpsgd", "--n", "60000", "--batch", "150", "--epochs", "15",
            "--noise-multiplier", "1.3", "--delta", "1e-5", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(0.7242234026109595, json.RootElement.GetProperty("epsilon").GetDouble(), 9);
        Assert.Equal(19.0, json.RootElement.GetProperty("order").GetDouble());
        Assert.Equal(0.0025, json.RootElement.GetProperty("samplingRate").GetDouble(), 15);
        Assert.Equal(6000, json.RootElement.GetProperty("steps").GetInt64());
    }

    [Fact]
    public void Sampling_rate_form_reproduces_Opacus_as_text()
    {
        // Opacus tests/accountants_test.py: q = 0.04, σ = 1.5, 2,250 steps, δ = 1e-5 → ε = 7.32911117143.
        var run = CliRunner.Run("privacy-calc", "dpsgd", "--sampling-rate", "0.04", "--steps", "2250", "--noise-multiplier", "1.5", "--delta", "1e-5");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("iterated over 2250 steps satisfies differential privacy with ε = 7.32911 and δ = 1e-05", run.Output);
        Assert.Contains("optimal Rényi order is 3.9", run.Output);
    }

    [Fact]
    public void Epsilon_instead_of_noise_solves_for_the_noise_multiplier()
    {
        var run = CliRunner.Run("privacy-calc", "dpsgd", "-q", "0.04", "--steps", "2250", "--epsilon", "7.32911117143", "--delta", "1e-5", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(1.5, json.RootElement.GetProperty("noiseMultiplier").GetDouble(), 4);
        Assert.True(json.RootElement.GetProperty("epsilon").GetDouble() <= 7.32911117143);
    }

    [Fact]
    public void Mironov_conversion_is_looser()
    {
        var run = CliRunner.Run("privacy-calc", "dpsgd", "-q", "0.04", "--steps", "2250", "-s", "1.5", "-d", "1e-5", "--conversion", "mironov", "-f", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.True(json.RootElement.GetProperty("epsilon").GetDouble() > 7.33);
    }

    [Theory]
    [InlineData("--sampling-rate must be in (0, 1]; got 1.5", "-q", "1.5", "--steps", "10", "-s", "1", "-d", "1e-5")]
    [InlineData("--sampling-rate must be in (0, 1]; got 0", "-q", "0", "--steps", "10", "-s", "1", "-d", "1e-5")]
    [InlineData("--delta must be in (0, 1); got 1", "-q", "0.1", "--steps", "10", "-s", "1", "-d", "1")]
    [InlineData("--delta must be in (0, 1); got 0", "-q", "0.1", "--steps", "10", "-s", "1", "-d", "0")]
    [InlineData("--steps must give at least 1 step; got 0", "-q", "0.1", "--steps", "0", "-s", "1", "-d", "1e-5")]
    [InlineData("Give either --noise-multiplier or --epsilon, not both", "-q", "0.1", "--steps", "10", "-s", "1", "-e", "1", "-d", "1e-5")]
    [InlineData("Give --noise-multiplier (to compute ε) or --epsilon", "-q", "0.1", "--steps", "10", "-d", "1e-5")]
    [InlineData("--noise-multiplier must be finite and positive; got -1", "-q", "0.1", "--steps", "10", "-s", "-1", "-d", "1e-5")]
    [InlineData("--epsilon must be finite and positive; got 0", "-q", "0.1", "--steps", "10", "-e", "0", "-d", "1e-5")]
    [InlineData("Give either --sampling-rate and --steps, or --n, --batch and --epochs", "-q", "0.1", "--steps", "10", "--n", "100", "-s", "1", "-d", "1e-5")]
    [InlineData("Give either --sampling-rate and --steps, or --n, --batch and --epochs", "-s", "1", "-d", "1e-5")]
    [InlineData("--sampling-rate needs --steps", "-q", "0.1", "-s", "1", "-d", "1e-5")]
    [InlineData("--n and --epochs need --batch", "--n", "100", "--epochs", "2", "-s", "1", "-d", "1e-5")]
    [InlineData("--batch must be between 1 and --n (100); got 200", "--n", "100", "--batch", "200", "--epochs", "2", "-s", "1", "-d", "1e-5")]
    [InlineData("--epochs must be finite and positive; got 0", "--n", "100", "--batch", "10", "--epochs", "0", "-s", "1", "-d", "1e-5")]
    public void Errors_name_the_option(string message, params string[] options)
    {
        var run = CliRunner.Run(["privacy-calc", "dpsgd", .. options]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Missing_delta_is_a_usage_error()
    {
        var run = CliRunner.Run("privacy-calc", "dpsgd", "-q", "0.1", "--steps", "10", "-s", "1");
        Assert.Equal(64, run.ExitCode);
        Assert.Contains("--delta", run.Error);
    }
}
