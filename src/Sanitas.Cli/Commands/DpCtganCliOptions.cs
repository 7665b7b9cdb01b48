using System.CommandLine;
using Sanitas.Synthesis.Gan;

namespace Sanitas.Cli.Commands;

/// <summary>The DP-CTGAN options of <c>sanitas synth --mechanism dpctgan</c> (ignored by the other mechanisms).</summary>
internal sealed class DpCtganCliOptions
{
    private static readonly DpCtganOptions Defaults = new();
    private readonly Option<double> _epochs = new("--epochs") { Description = "DP-CTGAN: passes over the data (steps = epochs × N̂ / batch).", DefaultValueFactory = _ => Defaults.Epochs };
    private readonly Option<int?> _steps = new("--steps") { Description = "DP-CTGAN: discriminator steps, instead of --epochs." };
    private readonly Option<int> _batch = new("--batch-size") { Description = "DP-CTGAN: expected batch B (Poisson rate B/N̂).", DefaultValueFactory = _ => Defaults.BatchSize };
    private readonly Option<double> _generatorRate = new("--generator-lr") { Description = "DP-CTGAN: the generator's Adam step size.", DefaultValueFactory = _ => Defaults.GeneratorLearningRate };
    private readonly Option<double> _discriminatorRate = new("--discriminator-lr") { Description = "DP-CTGAN: the discriminator's step (the linear critic's averaging rate r; Adam's step size with hidden layers).", DefaultValueFactory = _ => Defaults.DiscriminatorLearningRate };
    private readonly Option<double?> _noise = new("--noise-multiplier") { Description = "DP-CTGAN: σ of DP-SGD (default: the smallest σ the budget allows; a smaller one is raised to it)." };
    private readonly Option<double> _clip = new("--clipping-norm") { Description = "DP-CTGAN: per-example gradient clipping norm C.", DefaultValueFactory = _ => Defaults.ClippingNorm };
    private readonly Option<string?> _generatorLayers = new("--generator-layers") { Description = "DP-CTGAN: the generator's residual layer widths, e.g. 128,128." };
    private readonly Option<string?> _discriminatorLayers = new("--discriminator-layers") { Description = "DP-CTGAN: the discriminator's hidden layer widths over the pairwise features, e.g. 64 (default: none, a linear critic)." };
    private readonly Option<double> _share = new("--marginal-share") { Description = "DP-CTGAN: share of the budget for the noisy 1-way marginals the conditions are drawn from.", DefaultValueFactory = _ => Defaults.MarginalShare };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _epochs, _steps, _batch, _generatorRate, _discriminatorRate, _noise, _clip, _share, _generatorLayers, _discriminatorLayers })
        {
            command.Options.Add(option);
        }
    }

    public DpCtganOptions Read(ParseResult parse) => new()
    {
        Epochs = parse.GetValue(_epochs),
        Steps = parse.GetValue(_steps),
        BatchSize = parse.GetValue(_batch),
        GeneratorLearningRate = parse.GetValue(_generatorRate),
        DiscriminatorLearningRate = parse.GetValue(_discriminatorRate),
        NoiseMultiplier = parse.GetValue(_noise),
        ClippingNorm = parse.GetValue(_clip),
        MarginalShare = parse.GetValue(_share),
        GeneratorLayers = Widths(parse.GetValue(_generatorLayers), "--generator-layers") ?? Defaults.GeneratorLayers,
        DiscriminatorLayers = Widths(parse.GetValue(_discriminatorLayers), "--discriminator-layers") ?? Defaults.DiscriminatorLayers,
    };

    private static int[]? Widths(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }
        if (text.Trim() is "" or "none")
        {
            return [];
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out widths[i]))
            {
                throw new InvalidOptionException($"Option '{option}' takes comma-separated layer widths such as 128,128; got '{text}'.");
            }
        }
        return widths;
    }
}
