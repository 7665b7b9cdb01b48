#pragma warning disable SAN0003 // DP-SGD is opted in here: Trainer's dpsgd entries are this experimental mechanism.
using Sanitas.Learning.Neural;

namespace Sanitas.Learning.DpSgd;

/// <summary>
/// DP-SGD fits for <see cref="Trainer"/>'s (model, dpsgd) entries, on encoded data (features already in
/// [−1, 1] under declared bounds, one row per person: the entry caps rows per unit at 1). The plan
/// (sampling rate, steps, σ) is made for the constant N̂ of <see cref="FitContext.Rows"/> (declared
/// public or a DP estimate): Poisson sampling at rate q protects each person whatever the real count.
/// </summary>
internal static class DpSgdMechanisms
{
    /// <summary>
    /// Logistic regression by DP-SGD (<see cref="DpSgdTrainer"/>): σ is solved so that the Rényi
    /// accountant's ε is at most the requested ε at the requested δ, with clipping norm 1, expected
    /// batch 64 (or n/4 if smaller), 15 epochs and Adam; the ledger is charged the requested (ε, δ),
    /// which is at least the planned ε.
    /// </summary>
    public static FitResult Logistic(DesignMatrix data, FitContext context)
    {
        var network = MultilayerPerceptron.LogisticRegression(data.Width - 1);
        Train(network, data, context, learningRate: 0.02);
        var weights = new double[data.Width];
        weights[0] = network.LayerBiases(1)[0];
        network.LayerWeights(1).CopyTo(weights.AsSpan(1));
        return new FitResult(weights);
    }

    /// <summary>
    /// A multilayer perceptron (<see cref="MlpMechanisms.HiddenUnits"/> ReLU units in one hidden
    /// layer) by DP-SGD, with the same plan as <see cref="Logistic"/> (clipping norm 1, expected
    /// batch 64 or n/4, 15 epochs, Adam, σ solved for the requested (ε, δ)) and learning rate 0.01.
    /// </summary>
    public static FitResult Mlp(DesignMatrix data, FitContext context)
    {
        var network = MlpMechanisms.CreateNetwork(data.Width - 1);
        Train(network, data, context, learningRate: 0.01);
        return new FitResult([], Network: NetworkParameters.From(network));
    }

    /// <summary>Plans by (N, ε, δ): solving σ is a pure function of them (and the fixed options) and costs milliseconds.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Persons, double Epsilon, double Delta), DpSgdPlan> Plans = new();

    /// <summary>The N the plan is made for: N̂ rounded, at least 1.</summary>
    internal static int PlannedPersons(double rows) => (int)Math.Clamp(Math.Round(rows), 1, int.MaxValue);

    /// <summary>The options of the plan: clipping norm 1, expected batch min(64, N/4) (at least 1), 15 epochs, Adam.</summary>
    internal static DpSgdOptions Options(int persons, double epsilon, double delta, double learningRate = 0.02, double l2 = 0) =>
        new(delta, TargetEpsilon: epsilon, ClippingNorm: 1, ExpectedBatchSize: Math.Max(1, Math.Min(64, persons / 4)), Epochs: 15,
            LearningRate: learningRate, L2: l2);

    private static void Train(MultilayerPerceptron network, DesignMatrix data, FitContext context, double learningRate)
    {
        var rows = MlpMechanisms.Dataset(data);
        var p = rows.FeatureCount;
        var persons = PlannedPersons(context.Rows);
        var options = Options(persons, context.Epsilon, context.Delta, learningRate, context.Regularization);
        if (Plans.Count > 1024)
        {
            Plans.Clear();
        }
        var plan = Plans.GetOrAdd((persons, context.Epsilon, context.Delta), _ => DpSgdTrainer.Plan(persons, options));
        // The encoded features are already within [−1, 1]: the declared-bounds scaler is the identity there.
        var identity = FeatureScaler.FromBounds([.. Enumerable.Repeat(-1.0, p)], [.. Enumerable.Repeat(1.0, p)]);
        DpSgdTrainer.TrainAsync(network, rows, identity, plan, options, (_, _) => Task.CompletedTask, context.Random,
            cancellationToken: context.CancellationToken).GetAwaiter().GetResult();
    }
}
