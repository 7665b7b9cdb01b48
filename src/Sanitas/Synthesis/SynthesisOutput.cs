using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// A synthesizer's result before decoding: synthetic cells over the declared domain, the private
/// steps, the DP estimate of the input's size and the model's cliques (attribute indices).
/// </summary>
internal sealed record SynthesisOutput(EncodedTable Synthetic, IReadOnlyList<SynthesisStep> Steps, double EstimatedRows, IReadOnlyList<int[]> Cliques)
{
    /// <summary>The noisy marginals the mechanism released (for <see cref="MeasurementFidelity"/>).</summary>
    public IReadOnlyList<ReleasedMeasurement> Released { get; init; } = [];

    /// <summary>Which releases <see cref="Released"/> holds, in the log's words.</summary>
    public string ReleasedScope { get; init; } = "";

    /// <summary>Samples a fitted graphical model (MST, AIM).</summary>
    public static SynthesisOutput Sample(GraphicalModel model, DomainCompression? compression, int[] sizes, IReadOnlyList<SynthesisStep> steps,
        SynthesisOptions options, IRandomBits random, CancellationToken ct)
    {
        var rows = Synthesizer.RowsToSample(options, model.Total, sizes.Length);
        var buffered = new BufferedRandom(random);
        var codes = ModelSampler.Sample(model, rows, buffered, ct);
        var synthetic = compression is null ? new EncodedTable(codes, sizes) : compression.Expand(codes, sizes, buffered);
        return new SynthesisOutput(synthetic, steps, model.Total, model.Tree.Cliques);
    }
}
