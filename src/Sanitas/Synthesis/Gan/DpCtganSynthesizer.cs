using System.Numerics.Tensors;
using Sanitas.Learning.DpSgd;
using Sanitas.Privacy;

namespace Sanitas.Synthesis.Gan;

/// <summary>
/// DP-CTGAN: a conditional GAN for tables after CTGAN (Xu, Skoularidis, Cuesta-Infante &amp; Veeramachaneni, "Modeling
/// Tabular Data using Conditional GAN", NeurIPS 2019) whose discriminator alone touches the data and is trained by
/// DP-SGD (Abadi et al. 2016), as in DP-CTGAN (Fang, Dhami &amp; Kersting 2022) and smartnoise-synth's <c>DPCTGAN</c>,
/// on the declared synthesis domain (every column one-hot over its categories or bins). The discriminator is a
/// Wasserstein critic (Arjovsky, Chintala &amp; Bottou 2017) linear in the 1- and 2-way indicator features of a row
/// (<see cref="PairwiseFeatures"/>), the running average of its noisy gradients.
/// </summary>
/// <remarks>
/// <para>Privacy (add or remove one row, one person with a <c>unit:</c> column):</para>
/// <list type="number">
/// <item>A share of the zCDP budget (<see cref="DpCtganOptions.MarginalShare"/>, ρ_m) measures every 1-way
/// marginal with discrete Gaussian noise. They give N̂, the planned size, the generator's conditions
/// (<see cref="ConditionSampler"/>), its initial output biases and its marginal loss: post-processing.</item>
/// <item>Each discriminator step Poisson-samples rows at q = B/N̂ (secure source) and adds B fakes from the generator.
/// A real row's per-example gradient is its feature vector scaled to norm C (clipped to C in any case); the fakes'
/// gradients depend on the data only through earlier noisy steps, so they are not clipped. The sum gets exact
/// discrete Gaussian noise σC (<see cref="IntegerGaussianNoise"/>): one row changes it by at most C, the sampled
/// Gaussian mechanism. The critic's update w ← (1 − r)w − r·S·ĝ is post-processing.</item>
/// <item>The generator sees the data only through the critic (post-processing).</item>
/// </list>
/// <para>The composed RDP of both parts (<see cref="DpCtganAccountant"/>) gives ε ≤ the request at δ: σ
/// is solved for the fixed number of steps (or a given σ raised to that minimum).</para>
/// <para>Why this critic: CTGAN's 2-layer discriminator trained by DP-SGD learned no association on Adult, and
/// neither did it without any noise at DP-SGD's step counts (docs/synthesis.md). A critic linear in the 1- and 2-way
/// indicators has one weight per marginal cell, every real row's gradient the same norm, and, since a generated row's
/// columns are drawn independently given its input, the fakes' expected gradient is exact from the column
/// probabilities (<see cref="Generator.Probabilities"/>: no Gumbel noise, no straight-through estimate). The running
/// average keeps the critic close to the noisy difference of the real and fake feature means, so the generator
/// descends a noisy maximum-mean-discrepancy over the 1- and 2-way marginals. Other deviations from CTGAN: no PacGAN
/// packing, no dropout, no batch normalization, conditions by (noisy) frequency, bins instead of mode-specific
/// normalization. The earlier CTGAN-style discriminator stays reachable through internal options for comparisons.</para>
/// </remarks>
internal static class DpCtganSynthesizer
{
    /// <summary>The most DP-SGD steps a run takes (an epoch count asking for more is cut to this).</summary>
    public const long MaxSteps = 1_000_000;

    /// <summary>The most critic inputs one batch may hold (batch size × feature width): about 1 GB of buffers.</summary>
    public const double MaxBatchFeatures = 50_000_000;

    /// <summary>
    /// Refuses, on the domain alone (before any charge), a critic whose batch buffers could not be held: with the
    /// pairwise feature map a row has Σ|a| + Σ_{a&lt;b} |a||b| features (<see cref="PairwiseFeatures"/>), and a batch
    /// of real and fake rows is buffered at that width (500 binary columns asked for 4.8 GB; four 10,000-cell columns
    /// ran out of memory after the charge).
    /// </summary>
    public static void CheckSize(IReadOnlyList<int> sizes, SynthesisOptions options)
    {
        var gan = options.DpCtgan;
        double total = 0, squares = 0;
        foreach (var s in sizes)
        {
            total += s;
            squares += (double)s * s;
        }
        var width = gan.PairFeatures ? total + (((total * total) - squares) / 2) : 2 * total;
        if (width * gan.BatchSize > MaxBatchFeatures)
        {
            throw InvalidOptionException.Of("batchSize", System.FormattableString.Invariant(
                $"DP-CTGAN's critic reads {width:N0} features per row (every cell of every 1- and 2-way marginal); a batch of {gan.BatchSize:N0} rows would buffer {width * gan.BatchSize:N0} values, at most {MaxBatchFeatures:N0}: use coarser bins, fewer columns or a smaller batchSize."));
        }
    }

    /// <summary>Checks the options on metadata alone; throws before any charge.</summary>
    public static void Validate(SynthesisOptions options, double rho)
    {
        var gan = options.DpCtgan;
        gan.Validate();
        var marginalRho = gan.MarginalShare * rho;
        // The worst case of any plan (q = 1, the most steps, the largest σ tried) must fit, so that σ is always found after the charge.
        var floor = DpCtganAccountant.Epsilon(marginalRho, 1, 1e6, MaxSteps, options.Delta).Epsilon;
        if (floor >= options.Epsilon)
        {
            throw InvalidOptionException.Of("marginalShare",
                FormattableString.Invariant($"At δ = {options.Delta:G3} the 1-way marginals alone (share {gan.MarginalShare:G3} of the budget) cost ε = {floor:G4} ≥ {options.Epsilon:G4} in the Rényi accountant; lower `marginalShare` or raise ε or δ."));
        }
    }

    /// <summary>Trains, samples and decodes; the log holds the marginals' steps and the DP-SGD accounting.</summary>
    public static SynthesisResult Synthesize(EncodedTable data, SynthesisConfig config, string[] names, double rho, SynthesisOptions options,
        IRandomBits random, IProgress<double>? progress, CancellationToken ct)
    {
        var (codes, steps, estimatedRows, accounting, released) = Run(data, names, rho, options, random, progress, ct);
        var synthetic = codes.Decode(config, new BufferedRandom(random));
        var fidelity = MeasurementFidelity.Compute(released, codes, names, estimatedRows, ReleasedScope);
        progress?.Report(1);
        var log = new SynthesisLog(options.Mechanism, options.Epsilon, options.Delta, rho, steps.Sum(s => s.Rho), steps, estimatedRows, synthetic.RowCount, [])
        {
            DpCtgan = accounting,
            Fidelity = fidelity,
        };
        return new SynthesisResult(synthetic, log);
    }

    /// <summary>What <see cref="MeasurementFidelity"/> can compare for DP-CTGAN: its only released marginals.</summary>
    public const string ReleasedScope =
        "DP-CTGAN: the 1-way marginals only (its other release, the critic's noisy gradients, holds no marginal to compare with)";

    public static (EncodedTable Synthetic, IReadOnlyList<SynthesisStep> Steps, double EstimatedRows, DpCtganAccounting Accounting, IReadOnlyList<ReleasedMeasurement> Released) Run(
        EncodedTable data, IReadOnlyList<string> names, double rho, SynthesisOptions options, IRandomBits random,
        IProgress<double>? progress, CancellationToken ct, DpCtganAuditHooks? hooks = null)
    {
        var marginalScale = hooks?.MarginalNoiseScale ?? 1;
        var gan = options.DpCtgan;
        var d = data.Width;
        var steps = new List<SynthesisStep>();

        // (1) Noisy 1-way marginals at ρ_m in all.
        var marginalRho = gan.MarginalShare * rho;
        var noisy = new double[d][];
        var released = new List<ReleasedMeasurement>(d);
        var totals = 0.0;
        for (var a = 0; a < d; a++)
        {
            ct.ThrowIfCancellationRequested();
            var m = NoisyMarginals.Measure(data, [a], marginalRho / d / (marginalScale * marginalScale), random);
            noisy[a] = m.Values;
            released.Add(new ReleasedMeasurement(m));
            totals += m.Values.Sum();
            steps.Add(new SynthesisStep("measure", [names[a]], marginalRho / d, m.Sigma, 0));
        }
        var estimatedRows = Math.Max(1, totals / d);
        var conditions = new ConditionSampler(noisy);

        // (2) The plan: q, T and σ from DP values only.
        var batch = gan.BatchSize;
        var q = Math.Min(1, batch / estimatedRows);
        long totalSteps = gan.Steps ?? (long)Math.Min(MaxSteps, Math.Max(1, Math.Ceiling(gan.Epochs * estimatedRows / batch)));
        // A given σ is kept when it fits the budget (one accountant evaluation); otherwise the least σ that fits is searched.
        // Since ε(σ) decreases, this is max(given, least fitting σ) without the search when the given σ is enough.
        var sigma = gan.NoiseMultiplier is { } given && DpCtganAccountant.Epsilon(marginalRho, q, given, totalSteps, options.Delta).Epsilon <= options.Epsilon
            ? given
            : DpCtganAccountant.NoiseMultiplier(marginalRho, q, totalSteps, options.Epsilon, options.Delta)
                ?? throw new InvalidOperationException("No noise multiplier fits the budget although Validate admitted it.");
        var privacy = DpCtganAccountant.Epsilon(marginalRho, q, sigma, totalSteps, options.Delta);
        var accounting = new DpCtganAccounting(q, totalSteps, sigma, gan.ClippingNorm, privacy.Epsilon, privacy.Order);
        progress?.Report(0.02);

        // (3) Training.
        var buffered = new BufferedRandom(random);
        var rng = new GanNoise(buffered);
        var width = data.Sizes.Sum();
        var generator = new Generator(gan.LatentDimension, data.Sizes, gan.GeneratorLayers, gan.Seed);
        if (gan.MarginalPrior)
        {
            generator.SetOutputPrior(conditions.Probabilities);
        }
        if (gan.OutputWeightScale != 1)
        {
            generator.ScaleOutputWeights(gan.OutputWeightScale);
        }
        var pairs = gan.PairFeatures ? new PairwiseFeatures(data.Sizes) : null;
        var discriminator = new Discriminator(pairs?.Width ?? (2 * width), gan.DiscriminatorLayers, gan.Seed + 1);
        var trainer = new Trainer(data, generator, discriminator, conditions, gan, sigma * (hooks?.GradientNoiseScale ?? 1), q, rng, random)
        {
            Pairs = pairs,
            ExpectedFakes = pairs is not null && gan.DiscriminatorLayers.Count == 0,
            NonPrivate = hooks?.NonPrivate ?? false,
        };
        var reportEvery = Math.Max(1, totalSteps / 100);
        for (long t = 0; t < totalSteps; t++)
        {
            ct.ThrowIfCancellationRequested();
            trainer.DiscriminatorStep();
            for (var g = 0; g < gan.GeneratorSteps; g++)
            {
                trainer.GeneratorStep();
            }
            if ((t + 1) % reportEvery == 0)
            {
                progress?.Report(0.02 + (0.93 * (t + 1) / totalSteps));
            }
        }

        hooks?.Trained?.Invoke(discriminator);

        // (4) Sampling: conditions from the noisy marginals, one category per column from the generator's softmax.
        var rows = Synthesizer.RowsToSample(options, estimatedRows, d);
        var codes = new int[d][];
        for (var a = 0; a < d; a++)
        {
            codes[a] = new int[rows];
        }
        for (var start = 0; start < rows; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            var n = Math.Min(batch, rows - start);
            trainer.FillGeneratorInput(n, default, default);
            generator.Forward(n);
            generator.SampleCategories(n, rng, codes, start);
        }
        progress?.Report(0.98);
        return (new EncodedTable(codes, [.. data.Sizes]), steps, estimatedRows, accounting, released);
    }

    /// <summary>One training run's state and buffers.</summary>
    private sealed class Trainer
    {
        private readonly EncodedTable _data;
        private readonly Generator _generator;
        private readonly Discriminator _discriminator;
        private readonly ConditionSampler _conditions;
        private readonly DpCtganOptions _options;
        private readonly GanNoise _rng;
        private readonly IRandomBits _random;
        private readonly PoissonSampler _sampler;
        private readonly IntegerGaussianNoise _noise;
        private readonly AdamStep _generatorStep;
        private readonly AdamStep _discriminatorStep;
        private readonly int[] _selected;
        private readonly int[] _starts;
        private readonly int _width;
        private readonly int _batch;
        private readonly double[] _discriminatorGradient;
        private readonly double[] _generatorGradient;
        private readonly int[] _conditionColumns;
        private readonly int[] _conditionCells;
        private double[] _scoreGradients = [];
        private double[] _norms = [];
        private double[] _sampleGradients = [];
        private double[] _inputGradients = [];
        private double[] _batchMeans = [];

        /// <summary>The discriminator's pairwise feature map, or null for CTGAN's row ⊕ condition input.</summary>
        public PairwiseFeatures? Pairs { get; init; }

        /// <summary>Fakes as their column probabilities (exact expectations for a discriminator linear in pairwise features).</summary>
        public bool ExpectedFakes { get; init; }

        /// <summary>No clipping and no noise (the audit hooks' diagnosis switch).</summary>
        public bool NonPrivate { get; init; }

        public Trainer(EncodedTable data, Generator generator, Discriminator discriminator, ConditionSampler conditions, DpCtganOptions options,
            double sigma, double q, GanNoise rng, IRandomBits random)
        {
            _data = data;
            _generator = generator;
            _discriminator = discriminator;
            _conditions = conditions;
            _options = options;
            _rng = rng;
            _random = random;
            _batch = options.BatchSize;
            _width = generator.OutputWidth;
            _starts = [.. generator.BlockStarts];
            _sampler = new PoissonSampler(q, data.Rows);
            _selected = new int[data.Rows];
            _noise = new IntegerGaussianNoise(sigma, options.ClippingNorm, discriminator.Parameters.Length, random);
            _generatorStep = new AdamStep(generator.Parameters.Length, options.GeneratorLearningRate, options.Beta1);
            _discriminatorStep = new AdamStep(discriminator.Parameters.Length, options.DiscriminatorLearningRate, options.Beta1);
            _discriminatorGradient = new double[discriminator.Parameters.Length];
            _generatorGradient = new double[generator.Parameters.Length];
            _conditionColumns = new int[Math.Max(_batch, 1)];
            _conditionCells = new int[Math.Max(_batch, 1)];
        }

        /// <summary>
        /// One DP-SGD step of the discriminator: Poisson-sampled real rows (each its own condition) and B
        /// fakes with data-independent conditions; each example's loss gradient (−log σ(D) real, −log(1 − σ(D))
        /// fake) clipped to C; discrete Gaussian noise σC on the sum; divided by B; Adam.
        /// </summary>
        public void DiscriminatorStep()
        {
            var real = _sampler.Sample(_random, _selected);
            var fake = _batch;
            var n = real + fake;
            FillGeneratorInput(fake, _conditionColumns, _conditionCells);
            _generator.Forward(fake);
            var fakes = ExpectedFakes ? _generator.Probabilities(fake) : _generator.GumbelSoftmax(fake, _rng);
            var input = _discriminator.Input(n);
            if (Pairs is { } pairs)
            {
                var f = pairs.Width;
                Span<int> codes = stackalloc int[_starts.Length];
                for (var i = 0; i < real; i++)
                {
                    for (var c = 0; c < codes.Length; c++)
                    {
                        codes[c] = _data.Codes[c][_selected[i]];
                    }
                    pairs.FromCodes(codes, input.Slice(i * f, f));
                }
                for (var j = 0; j < fake; j++)
                {
                    pairs.Expand(fakes.Slice(j * _width, _width), input.Slice((real + j) * f, f));
                }
            }
            else
            {
                FillConditionalInput(input, real, fake, fakes);
            }
            var scores = _discriminator.Forward(n);
            Grow(ref _scoreGradients, n);
            Grow(ref _norms, n);
            for (var i = 0; i < n; i++)
            {
                // d/dD of softplus(−D) (real) and softplus(D) (fake).
                _scoreGradients[i] = _options.Wasserstein ? (i < real ? -1 : 1) : i < real ? Sigmoid(scores[i]) - 1 : Sigmoid(scores[i]);
            }
            _discriminator.Backward(_scoreGradients, n);
            _discriminator.SquaredNorms(n, _norms);
            // Clip to C(1 − 2⁻³⁰): the margin covers rounding in the norm formula; the noise widens C for the grid.
            var bound = _options.ClippingNorm * (1 - Math.ScaleB(1.0, -30));
            // With pairwise features every real row's gradient has the same norm (one-hot φ); all examples are scaled by
            // C/that norm, so real and fake rows weigh the same. Fakes are not clipped: they depend on the data only through
            // earlier noisy steps (post-processing), so the sum's sensitivity comes from the real rows' clipped gradients alone.
            var scale = Pairs is { } features && !NonPrivate ? _options.ClippingNorm / Math.Sqrt(features.OneHotSquaredNorm + 1) : 1;
            for (var i = 0; i < n; i++)
            {
                var norm = Math.Sqrt(_norms[i]) * scale;
                _norms[i] = NonPrivate ? 1 : Pairs is not null && i >= real ? scale : norm > bound ? scale * bound / norm : scale;
            }
            Array.Clear(_discriminatorGradient);
            _discriminator.AccumulateGradient(_norms, n, _discriminatorGradient);
            if (!NonPrivate)
            {
                _noise.AddTo(_discriminatorGradient);
            }
            TensorPrimitives.Multiply(_discriminatorGradient, 1.0 / _batch, _discriminatorGradient);
            if (_options.AveragedCritic)
            {
                // w ← (1 − r)w − r·S·ĝ: an exponential average of the noisy gradients (post-processing).
                var r = _options.DiscriminatorLearningRate;
                TensorPrimitives.Multiply(_discriminator.Parameters, 1 - r, _discriminator.Parameters);
                TensorPrimitives.MultiplyAdd(_discriminatorGradient, -r * _options.CriticScale, _discriminator.Parameters, _discriminator.Parameters);
            }
            else
            {
                _discriminatorStep.Apply(_discriminator.Parameters, _discriminatorGradient);
            }
        }

        /// <summary>CTGAN's discriminator input: each row ⊕ its condition (a real row's read off the row itself).</summary>
        private void FillConditionalInput(Span<double> input, int real, int fake, ReadOnlySpan<double> fakes)
        {
            input.Clear();
            var stride = 2 * _width;
            for (var i = 0; i < real; i++)
            {
                var row = input.Slice(i * stride, stride);
                var r = _selected[i];
                for (var c = 0; c < _starts.Length; c++)
                {
                    row[_starts[c] + _data.Codes[c][r]] = 1;
                }
                var column = _rng.Uniform.Below(_starts.Length);
                row[_width + _starts[column] + _data.Codes[column][r]] = 1;
            }
            for (var j = 0; j < fake; j++)
            {
                var row = input.Slice((real + j) * stride, stride);
                fakes.Slice(j * _width, _width).CopyTo(row);
                row[_width + _starts[_conditionColumns[j]] + _conditionCells[j]] = 1;
            }
        }

        /// <summary>One generator step: B fakes with data-independent conditions, loss −log σ(D(fake)) plus the conditional cross-entropy.</summary>
        public void GeneratorStep()
        {
            var n = _batch;
            FillGeneratorInput(n, _conditionColumns, _conditionCells);
            _generator.Forward(n);
            var fakes = ExpectedFakes ? _generator.Probabilities(n) : _generator.GumbelSoftmax(n, _rng);
            var input = _discriminator.Input(n);
            var stride = Pairs?.Width ?? (2 * _width);
            for (var j = 0; j < n; j++)
            {
                var row = input.Slice(j * stride, stride);
                if (Pairs is { } pairs)
                {
                    pairs.Expand(fakes.Slice(j * _width, _width), row);
                }
                else
                {
                    row.Clear();
                    fakes.Slice(j * _width, _width).CopyTo(row);
                    row[_width + _starts[_conditionColumns[j]] + _conditionCells[j]] = 1;
                }
            }
            var scores = _discriminator.Forward(n);
            Grow(ref _scoreGradients, n);
            for (var j = 0; j < n; j++)
            {
                _scoreGradients[j] = (_options.Wasserstein ? -1 : Sigmoid(scores[j]) - 1) / n; // d/dD of −D or softplus(−D), averaged
            }
            _discriminator.Backward(_scoreGradients, n);
            Grow(ref _inputGradients, n * stride);
            _discriminator.InputGradient(n, _inputGradients);
            Grow(ref _sampleGradients, n * _width);
            for (var j = 0; j < n; j++)
            {
                if (Pairs is { } pairs)
                {
                    pairs.Backward(fakes.Slice(j * _width, _width), _inputGradients.AsSpan(j * stride, stride), _sampleGradients.AsSpan(j * _width, _width));
                }
                else
                {
                    _inputGradients.AsSpan(j * stride, _width).CopyTo(_sampleGradients.AsSpan(j * _width, _width));
                }
            }
            if (ExpectedFakes && _options.MarginalWeight > 0)
            {
                AddMarginalLoss(fakes, n);
            }
            _generator.Backward(_sampleGradients, _conditionColumns, _conditionCells, _options.ConditionWeight / n, n, _generatorGradient);
            _generatorStep.Apply(_generator.Parameters, _generatorGradient);
        }

        /// <summary>
        /// Adds the gradient of λ·Σ_c KL(π_c ‖ p̄_c) with respect to each fake's probabilities: π_c the released noisy
        /// 1-way frequencies of column c, p̄_c the batch's mean probabilities (post-processing of the released marginals).
        /// </summary>
        private void AddMarginalLoss(ReadOnlySpan<double> probabilities, int n)
        {
            var targets = _conditions.Probabilities;
            Grow(ref _batchMeans, _width);
            var mean = _batchMeans.AsSpan(0, _width);
            mean.Clear();
            for (var j = 0; j < n; j++)
            {
                TensorPrimitives.Add(mean, probabilities.Slice(j * _width, _width), mean);
            }
            TensorPrimitives.Multiply(mean, 1.0 / n, mean);
            for (var c = 0; c < _starts.Length; c++)
            {
                var target = targets[c];
                for (var k = 0; k < target.Length; k++)
                {
                    // ∂/∂p_jk of −λ Σ_k π_k log p̄_k = −λ π_k / (n p̄_k).
                    mean[_starts[c] + k] = -_options.MarginalWeight * target[k] / (n * Math.Max(mean[_starts[c] + k], 1e-12));
                }
            }
            for (var j = 0; j < n; j++)
            {
                var row = _sampleGradients.AsSpan(j * _width, _width);
                TensorPrimitives.Add(row, mean, row);
            }
        }

        /// <summary>Fills the generator's input rows with z ~ N(0, I) and a one-hot condition from the noisy marginals.</summary>
        public void FillGeneratorInput(int n, Span<int> columns, Span<int> cells)
        {
            var latent = _generator.Latent;
            var stride = latent + _width;
            var input = _generator.Input(n);
            input.Clear();
            for (var i = 0; i < n; i++)
            {
                var row = input.Slice(i * stride, stride);
                for (var k = 0; k < latent; k++)
                {
                    row[k] = _rng.Normal();
                }
                var (column, cell) = _conditions.Sample(_rng.Uniform);
                row[latent + _starts[column] + cell] = 1;
                if (!columns.IsEmpty)
                {
                    columns[i] = column;
                    cells[i] = cell;
                }
            }
        }

        private static void Grow(ref double[] buffer, int n)
        {
            if (buffer.Length < n)
            {
                buffer = new double[Math.Max(n, buffer.Length * 2)];
            }
        }

        private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
    }
}
