using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// What a training run will release and what it costs, fixed from the options, the column names and
/// the declared bounds before any value is read (<see cref="Trainer.Plan"/>). The ledger is charged
/// <see cref="Cost"/>, the sequential composition of <see cref="Shares"/>, and the model file records both.
/// </summary>
/// <param name="IsPrivate">Whether the run is DP (a not-private run has no shares and no cost).</param>
/// <param name="Shares">model, then rows (when n is estimated) and metrics (when DP metrics are asked for).</param>
/// <param name="Cost">The composed cost (null when not private).</param>
/// <param name="Experimental">The experimental guarantees opted into, with a sentence each.</param>
/// <param name="DeclaredRows">The public n from the bounds file, when the mechanism uses n and the file declares it.</param>
/// <param name="EstimatesRows">Whether n is estimated with DP (the rows share).</param>
public sealed record TrainingPlan(
    bool IsPrivate, IReadOnlyList<PrivacyShare> Shares, PrivacyCost? Cost, IReadOnlyList<string> Experimental,
    int? DeclaredRows, bool EstimatesRows)
{
    /// <summary>The share of one release, or null.</summary>
    public PrivacyCost? ShareOf(string release) => Shares.FirstOrDefault(s => s.Release == release)?.Cost;

    /// <summary>ε of a cost (pure or approximate).</summary>
    public static double EpsilonOf(PrivacyCost? cost) => cost switch
    {
        PureDp p => p.Epsilon,
        ApproximateDp a => a.Epsilon,
        null => 0,
        _ => throw new ArgumentException($"Training costs are pure or approximate DP, not {cost.GetType().Name}.", nameof(cost)),
    };

    /// <summary>δ of a cost (0 for pure DP).</summary>
    public static double DeltaOf(PrivacyCost? cost) => cost is ApproximateDp a ? a.Delta : 0;
}
