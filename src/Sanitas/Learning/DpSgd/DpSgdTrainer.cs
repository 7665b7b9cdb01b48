using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using Sanitas.Learning.Neural;
using Sanitas.Privacy;
using Sanitas.Privacy.Renyi;

namespace Sanitas.Learning.DpSgd;

/// <summary>
/// Differentially private stochastic gradient descent (Abadi, Chu, Goodfellow, McMahan, Mironov,
/// Talwar &amp; Zhang, "Deep Learning with Differential Privacy", CCS 2016, Algorithm 1) at the person
/// level: at each step every person joins the batch with probability q (Poisson sampling, secure
/// randomness); each sampled person's gradient, the mean of their rows' gradients, is clipped to L2
/// norm C; Gaussian noise of standard deviation σC is added to the sum, which is divided by the
/// expected batch size qN and handed to the optimizer.
/// </summary>
/// <remarks>
/// Privacy: one person changes the clipped sum by at most C, so each step is the sampled Gaussian
/// mechanism and the run's (ε, δ) is the Rényi accountant's (<see cref="RenyiAccountant"/>), fixed by
/// <see cref="Plan"/> before any data is read and charged before training starts. The plan's number
/// of persons N is a constant fixed without reading the data (declared public or a DP estimate):
/// Poisson sampling at rate q protects each person whatever the real count, so the accountant's
/// add/remove guarantee holds for data of any size. Features are scaled with declared
/// bounds only (<see cref="FeatureScaler.FromBounds"/>); a scaler fitted to the data is refused.
/// Rows are grouped by the dataset's unit (person) column, so a patient with 1,424 sensor rows
/// contributes one clipped gradient per step, whatever their number of rows. The noise is exact
/// discrete Gaussian noise on a fine grid (<see cref="GradientNoise"/>), hence
/// <see cref="PrivacyExperiments.SampledGaussianOnDiscreteNoise"/>.
/// </remarks>
[Experimental(PrivacyExperiments.SampledGaussianOnDiscreteNoise)]
public static class DpSgdTrainer
{
    private const int PersonsPerChunk = 16;

    /// <summary>
    /// Plans a run on <paramref name="persons"/> persons: q = min(1, B/N), ⌈E·N/B⌉ steps, and either the
    /// ε of the given σ or the smallest σ for the target ε (Rényi accountant, Balle et al. 2020 conversion,
    /// Opacus's orders). Reads no data.
    /// </summary>
    /// <param name="persons">N, the number of persons.</param>
    /// <param name="options">The run's options.</param>
    /// <returns>The plan, with its cost.</returns>
    public static DpSgdPlan Plan(int persons, DpSgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(persons, 1);
        var q = Math.Min(1.0, (double)options.ExpectedBatchSize / persons);
        var steps = (long)Math.Ceiling(options.Epochs * persons / Math.Min(options.ExpectedBatchSize, persons));
        var sigma = options.NoiseMultiplier
            ?? RenyiAccountant.NoiseMultiplier(q, steps, options.TargetEpsilon!.Value, options.Delta);
        var privacy = RenyiAccountant.Epsilon(q, sigma, steps, options.Delta);
        return new DpSgdPlan(persons, q, steps, sigma, options.ClippingNorm, privacy);
    }

    /// <summary>
    /// Charges <paramref name="accountant"/> with the plan's cost, then trains <paramref name="network"/>
    /// in place. Nothing is read from the data before the charge succeeds.
    /// </summary>
    /// <param name="network">The network to train (its initial weights must not depend on the data).</param>
    /// <param name="data">The raw training data, with units if persons have several rows.</param>
    /// <param name="scaler">A scaler from declared bounds.</param>
    /// <param name="plan">The plan from <see cref="Plan"/>, made for a number of persons fixed without reading the data (declared public or a DP estimate); the guarantee holds whatever the real count.</param>
    /// <param name="options">Learning rate, optimizer and weight decay (the privacy options are in the plan).</param>
    /// <param name="accountant">The budget to charge.</param>
    /// <param name="random">Sampling and noise source: <see cref="SecureRandom.Instance"/> for a release.</param>
    /// <param name="progress">Receives the fraction of steps done.</param>
    /// <param name="cancellationToken">Stops between steps; the charge stays spent.</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="BudgetExceededException">The plan does not fit the budget; nothing was trained.</exception>
    public static NeuralModel Train(MultilayerPerceptron network, NeuralDataset data, FeatureScaler scaler, DpSgdPlan plan,
        DpSgdOptions options, PrivacyAccountant accountant, IRandomBits random, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountant);
        Check(network, data, scaler, plan, options, random);
        accountant.Charge(plan.Cost);
        return Run(network, data, scaler, plan, options, random, progress, cancellationToken);
    }

    /// <summary>
    /// Awaits <paramref name="charge"/> with the plan's cost (e.g. a ledger charge for an analyst), then
    /// trains. If the charge throws, nothing is read from the data.
    /// </summary>
    /// <param name="network">The network to train.</param>
    /// <param name="data">The raw training data.</param>
    /// <param name="scaler">A scaler from declared bounds.</param>
    /// <param name="plan">The plan, made for a number of persons fixed without reading the data.</param>
    /// <param name="options">Learning rate, optimizer and weight decay.</param>
    /// <param name="charge">Charges the cost or throws.</param>
    /// <param name="random">Sampling and noise source.</param>
    /// <param name="progress">Receives the fraction of steps done.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The trained model.</returns>
    public static async Task<NeuralModel> TrainAsync(MultilayerPerceptron network, NeuralDataset data, FeatureScaler scaler, DpSgdPlan plan,
        DpSgdOptions options, Func<ApproximateDp, CancellationToken, Task> charge, IRandomBits random, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(charge);
        Check(network, data, scaler, plan, options, random);
        await charge(plan.Cost, cancellationToken).ConfigureAwait(false);
        return Run(network, data, scaler, plan, options, random, progress, cancellationToken);
    }

    private static void Check(MultilayerPerceptron network, NeuralDataset data, FeatureScaler scaler, DpSgdPlan plan, DpSgdOptions options, IRandomBits random)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(scaler);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        if (!scaler.FromDeclaredBounds)
        {
            throw new ArgumentException("DP-SGD needs feature scaling from declared bounds (FeatureScaler.FromBounds); a scaler fitted to the data would reveal its means and deviations.", nameof(scaler));
        }
        if (network.InputCount != data.FeatureCount || scaler.Offsets.Count != data.FeatureCount)
        {
            throw new ArgumentException($"The network takes {network.InputCount} features and the scaler {scaler.Offsets.Count}; the data has {data.FeatureCount}.", nameof(data));
        }
    }

    private static NeuralModel Run(MultilayerPerceptron network, NeuralDataset raw, FeatureScaler scaler, DpSgdPlan plan,
        DpSgdOptions options, IRandomBits random, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var data = raw.Scaled(scaler);
        var parameters = network.ParameterCount;
        var noise = new GradientNoise(plan.NoiseMultiplier, plan.ClippingNorm, parameters);
        var sampler = new PoissonSampler(plan.SamplingRate, data.PersonCount);
        var step = new GradientStep(options.Optimizer, options.LearningRate, options.L2, parameters);
        var selected = new int[data.PersonCount];
        var slots = new ClippingSlot[(data.PersonCount + PersonsPerChunk - 1) / PersonsPerChunk];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = new ClippingSlot(network);
        }
        var sum = new double[parameters];
        var rowsPerPerson = (double)data.Count / data.PersonCount;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        var reportEvery = Math.Max(1, plan.Steps / 200);
        for (long t = 0; t < plan.Steps; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = sampler.Sample(random, selected);
            var chunks = (count + PersonsPerChunk - 1) / PersonsPerChunk;
            void Chunk(int c)
            {
                var slot = slots[c];
                slot.Partial.AsSpan().Clear();
                var end = Math.Min(count, (c + 1) * PersonsPerChunk);
                for (var i = c * PersonsPerChunk; i < end; i++)
                {
                    var clipped = ClippedPersonGradient(network, data, selected[i], plan.ClippingNorm, slot);
                    TensorPrimitives.Add(slot.Partial, clipped, slot.Partial);
                }
            }
            // Chunks are summed in a fixed order, so the result does not depend on thread scheduling.
            if (count * rowsPerPerson * parameters > 200_000 && chunks > 1)
            {
                Parallel.For(0, chunks, parallel, Chunk);
            }
            else
            {
                for (var c = 0; c < chunks; c++)
                {
                    Chunk(c);
                }
            }
            Array.Clear(sum);
            for (var c = 0; c < chunks; c++)
            {
                TensorPrimitives.Add(sum, slots[c].Partial, sum);
            }
            noise.AddTo(sum, random);
            TensorPrimitives.Multiply(sum, 1 / plan.ExpectedBatchSize, sum);
            step.Apply(network.Parameters, sum);
            if ((t + 1) % reportEvery == 0 || t + 1 == plan.Steps)
            {
                progress?.Report((t + 1.0) / plan.Steps);
            }
        }
        return new NeuralModel(network, scaler);
    }

    /// <summary>The mean gradient of one person's rows, scaled down to L2 norm at most <paramref name="clippingNorm"/>.</summary>
    internal static ReadOnlySpan<double> ClippedPersonGradient(MultilayerPerceptron network, NeuralDataset data, int person, double clippingNorm, ClippingSlot slot)
    {
        var rows = data.PersonRows(person);
        var gradient = slot.Gradient.AsSpan();
        network.LossAndGradient(data.Features(rows[0]), data.Target(rows[0]), gradient, slot.Workspace);
        for (var i = 1; i < rows.Length; i++)
        {
            network.LossAndGradient(data.Features(rows[i]), data.Target(rows[i]), slot.RowGradient, slot.Workspace);
            TensorPrimitives.Add(gradient, slot.RowGradient, gradient);
        }
        var norm = TensorPrimitives.Norm(gradient) / rows.Length;
        var factor = (norm > clippingNorm ? clippingNorm / norm : 1.0) / rows.Length;
        TensorPrimitives.Multiply(gradient, factor, gradient);
        return gradient;
    }

    /// <summary>Per-chunk buffers: workspace, a person's gradient, one row's gradient, the chunk's partial sum.</summary>
    internal sealed class ClippingSlot(MultilayerPerceptron network)
    {
        public NetworkWorkspace Workspace { get; } = network.CreateWorkspace();

        public double[] Gradient { get; } = new double[network.ParameterCount];

        public double[] RowGradient { get; } = new double[network.ParameterCount];

        public double[] Partial { get; } = new double[network.ParameterCount];
    }
}
