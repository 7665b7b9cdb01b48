using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sanitas.Cli.Rendering;
using Sanitas.Learning.DpSgd;
using Sanitas.Privacy.Renyi;

namespace Sanitas.Cli.Commands;

/// <summary>
/// <c>sanitas privacy-calc dpsgd</c>: the (ε, δ) of a DP-SGD run under the Rényi DP accountant, as
/// TensorFlow Privacy's <c>compute_dp_sgd_privacy</c>, or the noise multiplier for a target ε.
/// </summary>
internal sealed class PrivacyCalcCommand : Command
{
    public PrivacyCalcCommand(ICliConsole console)
        : base("privacy-calc", "Privacy calculators: what a planned release costs before it runs.")
    {
        Subcommands.Add(DpSgd(console));
    }

    private static Command DpSgd(ICliConsole console)
    {
        var samplingRate = new Option<double?>("--sampling-rate", "-q") { Description = "The Poisson sampling rate q in (0, 1] (with --steps)." };
        var steps = new Option<long?>("--steps") { Description = "The number of training steps (with --sampling-rate)." };
        var n = new Option<long?>("--n") { Description = "The number of training examples (persons) N (with --batch and --epochs)." };
        var batch = new Option<long?>("--batch") { Description = "The expected batch size B; q = B/N (with --n and --epochs)." };
        var epochs = new Option<double?>("--epochs") { Description = "The number of epochs E; steps = ⌈E·N/B⌉ (with --n and --batch)." };
        var noise = new Option<double?>("--noise-multiplier", "-s") { Description = "The noise multiplier σ (noise std over the clipping norm); omit it and give --epsilon to solve for σ." };
        var epsilon = new Option<double?>("--epsilon", "-e") { Description = "The target ε: solve for the smallest σ that reaches it (instead of --noise-multiplier)." };
        var delta = new Option<double>("--delta", "-d") { Description = "δ in (0, 1), typically below 1/N.", Required = true };
        var conversion = new Option<string>("--conversion") { Description = "RDP to (ε, δ): balle (Balle et al. 2020, as Opacus and TF Privacy) or mironov (Mironov 2017).", DefaultValueFactory = _ => "balle" };
        conversion.AcceptOnlyFromAmong("balle", "mironov");
        var orders = new Option<string>("--orders") { Description = "The Rényi orders: opacus (1.1..10.9, 12..63) or tf-privacy (1.25..4.5, 5..63, 128, 256, 512).", DefaultValueFactory = _ => "opacus" };
        orders.AcceptOnlyFromAmong("opacus", "tf-privacy");
        var format = new Option<string>("--format", "-f") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("dpsgd", "The ε of DP-SGD (Poisson sampling, per-example clipping, Gaussian noise) under the Rényi DP accountant, or the σ for a target ε.")
        {
            samplingRate, steps, n, batch, epochs, noise, epsilon, delta, conversion, orders, format,
        };
        command.SetAction(parse => CommandErrors.Run(console, () =>
        {
            var (q, t) = Schedule(parse.GetValue(samplingRate), parse.GetValue(steps), parse.GetValue(n), parse.GetValue(batch), parse.GetValue(epochs));
            var d = parse.GetValue(delta);
            if (!(d > 0 && d < 1))
            {
                throw new InvalidOptionException(Invariant($"--delta must be in (0, 1); got {d}."));
            }
            var rdpConversion = parse.GetValue(conversion) == "mironov" ? RenyiConversion.Mironov2017 : RenyiConversion.BalleEtAl2020;
            var rdpOrders = parse.GetValue(orders) == "tf-privacy" ? RenyiOrders.TensorFlowPrivacy : RenyiOrders.Default;
            var sigma = (parse.GetValue(noise), parse.GetValue(epsilon)) switch
            {
                ({ } s, null) when s > 0 && double.IsFinite(s) => s,
                ({ } s, null) => throw new InvalidOptionException(Invariant($"--noise-multiplier must be finite and positive; got {s}.")),
                (null, { } e) when e > 0 && double.IsFinite(e) => RenyiAccountant.NoiseMultiplier(q, t, e, d, rdpOrders, rdpConversion),
                (null, { } e) => throw new InvalidOptionException(Invariant($"--epsilon must be finite and positive; got {e}.")),
                (null, null) => throw new InvalidOptionException("Give --noise-multiplier (to compute ε) or --epsilon (to solve for the noise multiplier)."),
                _ => throw new InvalidOptionException("Give either --noise-multiplier or --epsilon, not both."),
            };
            var result = RenyiAccountant.Epsilon(q, sigma, t, d, rdpOrders, rdpConversion);
            if (parse.GetValue(format) == "json")
            {
                console.WriteData(JsonSerializer.Serialize(new
                {
                    epsilon = result.Epsilon,
                    delta = result.Delta,
                    order = result.Order,
                    noiseMultiplier = sigma,
                    samplingRate = q,
                    steps = t,
                    conversion = parse.GetValue(conversion),
                }));
            }
            else
            {
                console.WriteLine(Invariant(
                    $"DP-SGD with sampling rate {q:G6} and noise multiplier {sigma:G6} iterated over {t} steps satisfies differential privacy with ε = {result.Epsilon:G6} and δ = {d.ToString("G3", CultureInfo.InvariantCulture).ToLowerInvariant()}."));
                console.WriteLine(Invariant($"The optimal Rényi order is {result.Order:G6} ({(rdpConversion == RenyiConversion.BalleEtAl2020 ? "Balle et al. 2020" : "Mironov 2017")} conversion)."));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    // Which options were given is the command line's business; the schedule itself (q = B/N,
    // steps = ⌈E·N/B⌉) is Learning's DpSgdSchedule.
    private static (double SamplingRate, long Steps) Schedule(double? samplingRate, long? steps, long? n, long? batch, double? epochs)
    {
        var direct = samplingRate is not null || steps is not null;
        var byEpochs = n is not null || batch is not null || epochs is not null;
        if (direct == byEpochs)
        {
            throw new InvalidOptionException("Give either --sampling-rate and --steps, or --n, --batch and --epochs.");
        }
        var schedule = direct
            ? DpSgdSchedule.Of(
                samplingRate ?? throw new InvalidOptionException("--steps needs --sampling-rate."),
                steps ?? throw new InvalidOptionException("--sampling-rate needs --steps."))
            : DpSgdSchedule.FromEpochs(
                n ?? throw new InvalidOptionException("--batch and --epochs need --n."),
                batch ?? throw new InvalidOptionException("--n and --epochs need --batch."),
                epochs ?? throw new InvalidOptionException("--n and --batch need --epochs."));
        return (schedule.SamplingRate, schedule.Steps);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
