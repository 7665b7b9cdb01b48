using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>A synthesizer's result before decoding: synthetic cells over the declared domain, the model and the private steps.</summary>
internal sealed record SynthesisOutput(EncodedTable Synthetic, GraphicalModel Model, IReadOnlyList<SynthesisStep> Steps)
{
    public static SynthesisOutput Sample(GraphicalModel model, DomainCompression? compression, int[] sizes, IReadOnlyList<SynthesisStep> steps,
        SynthesisOptions options, IRandomBits random, CancellationToken ct)
    {
        var rows = options.Rows ?? (int)Math.Min(int.MaxValue / 2, Math.Round(model.Total));
        var buffered = new BufferedRandom(random);
        var codes = ModelSampler.Sample(model, rows, buffered, ct);
        var synthetic = compression is null ? new EncodedTable(codes, sizes) : compression.Expand(codes, sizes, buffered);
        return new SynthesisOutput(synthetic, model, steps);
    }
}
