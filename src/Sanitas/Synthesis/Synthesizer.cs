using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// Differentially private synthetic data from marginals: MST (<c>mst</c>, McKenna, Miklau &amp;
/// Sheldon 2021) or AIM (<c>aim</c>, McKenna et al. 2022), both on Private-PGM's graphical-model
/// estimation (McKenna, Sheldon &amp; Miklau 2019), or PrivBayes (<c>privbayes</c>, Zhang et al. 2014/2017)
/// on a private Bayesian network, or from a GAN: DP-CTGAN (<c>dpctgan</c>, Fang, Dhami &amp; Kersting 2022),
/// accounted in Rényi DP. The (ε, δ) request becomes a zCDP budget ρ by the
/// conversion of Canonne, Kamath &amp; Steinke (2020); the mechanisms spend exactly ρ. The domain comes
/// from the <see cref="SynthesisConfig"/>, never from the data. Privacy unit: one row, or one
/// person when the configuration declares a <c>unit:</c> column (each person's first row is kept).
/// </summary>
public static class Synthesizer
{
    /// <summary>The most synthetic cells (rows × columns) one run produces; the table is held in memory (~20 bytes a cell).</summary>
    public const double MaxSyntheticCells = 50_000_000;

    /// <summary>
    /// The rows to sample: those asked for, or the DP estimate of the input's size capped at
    /// <see cref="MaxSyntheticCells"/> (post-processing of a DP number).
    /// </summary>
    internal static int RowsToSample(SynthesisOptions options, double estimate, int columns) =>
        options.Rows ?? (int)Math.Min(Math.Floor(MaxSyntheticCells / Math.Max(columns, 1)), Math.Max(0, Math.Round(estimate)));

    /// <summary>The mechanisms.</summary>
    public static IReadOnlyList<string> Mechanisms { get; } = ["mst", "aim", "privbayes", "dpctgan"];

    /// <summary>Checks the options on metadata alone and returns the zCDP budget ρ they spend.</summary>
    /// <exception cref="InvalidOptionException">An unknown mechanism or an invalid ε, δ, row count or iteration count.</exception>
    public static double Validate(SynthesisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Mechanisms.Contains(options.Mechanism))
        {
            throw InvalidOptionException.Of("mechanism", $"Unknown synthesis mechanism '{options.Mechanism}'; expected one of: {string.Join(", ", Mechanisms)}.");
        }
        if (!(double.IsFinite(options.Epsilon) && options.Epsilon > 0))
        {
            throw InvalidOptionException.Of("epsilon", $"`epsilon` must be positive, got {options.Epsilon}.");
        }
        if (!(options.Delta > 0 && options.Delta < 1))
        {
            throw InvalidOptionException.Of("delta", $"`delta` must be in (0, 1) (the Gaussian mechanism needs δ > 0), got {options.Delta}.");
        }
        if (options.Rows is < 0 or > 100_000_000)
        {
            throw InvalidOptionException.Of("rows", $"`rows` must be between 0 and 100,000,000, got {options.Rows}.");
        }
        if (options.Iterations < 1 || options.RoundIterations < 1)
        {
            throw InvalidOptionException.Of("iterations", "The iteration counts must be at least 1.");
        }
        if (options.WorkloadDegree is < 1 or > 4)
        {
            throw InvalidOptionException.Of("workloadDegree", $"The workload degree must be between 1 and 4, got {options.WorkloadDegree}.");
        }
        if (options.MaxParents is < 0 or > 8)
        {
            throw InvalidOptionException.Of("maxParents", $"PrivBayes' parents per attribute must be between 0 and 8, got {options.MaxParents}.");
        }
        if (!(double.IsFinite(options.Theta) && options.Theta > 0))
        {
            throw InvalidOptionException.Of("theta", $"PrivBayes' θ must be positive, got {options.Theta}.");
        }
        if (!(options.MaxModelSizeMegabytes > 0) || options.Rounds is < 1)
        {
            throw InvalidOptionException.Of("maxModelSize", "The model size limit and the rounds must be positive.");
        }
        var rho = ZeroConcentratedBudget.RhoFor(options.Epsilon, options.Delta);
        if (options.Mechanism == "dpctgan")
        {
            Gan.DpCtganSynthesizer.Validate(options, rho);
        }
        return rho;
    }

    /// <summary>
    /// Checks the options (<see cref="Validate(SynthesisOptions)"/>) and what they would build on this domain, on
    /// metadata alone: AIM's candidate marginals and DP-CTGAN's critic must fit (a run that would exhaust memory or
    /// overflow is refused here, before any charge, not after it). Returns the zCDP budget ρ.
    /// </summary>
    /// <exception cref="InvalidOptionException">An invalid option, or a model too large for this domain.</exception>
    public static double Validate(SynthesisOptions options, SynthesisConfig config)
    {
        var rho = Validate(options);
        ArgumentNullException.ThrowIfNull(config);
        var sizes = config.Columns.Select(c => c.Size).ToArray();
        if (options.Rows is { } rows && (double)rows * sizes.Length > MaxSyntheticCells)
        {
            throw InvalidOptionException.Of("rows", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{rows:N0} rows of {sizes.Length} columns are {(double)rows * sizes.Length:N0} synthetic cells; at most {MaxSyntheticCells:N0} (held in memory): ask for at most {Math.Floor(MaxSyntheticCells / sizes.Length):N0} rows."));
        }
        if (options.Mechanism == "aim")
        {
            AimSynthesizer.CheckSize(sizes, options);
        }
        else if (options.Mechanism == "dpctgan")
        {
            Gan.DpCtganSynthesizer.CheckSize(sizes, options);
        }
        return rho;
    }

    /// <summary>
    /// Synthesizes a table. Charge (ε, δ) to the analyst's ledger before calling; this method
    /// fails only on its arguments (checked before any value is read), never on a value.
    /// </summary>
    /// <param name="table">The private input; it must hold every declared column.</param>
    /// <param name="config">The declared domain.</param>
    /// <param name="options">Mechanism and budget.</param>
    /// <param name="random">The noise source: <see cref="SecureRandom"/> for a release.</param>
    /// <param name="progress">Progress in [0, 1].</param>
    /// <param name="ct">Cancels the run.</param>
    public static SynthesisResult Synthesize(Table table, SynthesisConfig config, SynthesisOptions options, IRandomBits random,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(random);
        var rho = Validate(options, config);
        config.CheckColumns([.. table.ColumnNames], "the input");
        var data = EncodedTable.Encode(table, config);
        var names = config.Names.ToArray();
        if (options.Mechanism == "dpctgan")
        {
            return Gan.DpCtganSynthesizer.Synthesize(data, config, names, rho, options, random, progress, ct);
        }
        var output = options.Mechanism switch
        {
            "aim" => AimSynthesizer.Run(data, names, rho, options, random, progress, ct),
            "privbayes" => PrivBayesSynthesizer.Run(data, names, rho, options, random, progress, ct),
            _ => MstSynthesizer.Run(data, names, rho, options, random, progress, ct),
        };
        var synthetic = output.Synthetic.Decode(config, new BufferedRandom(random));
        progress?.Report(1);
        // Post-processing of two DP releases (the noisy marginals and the synthetic cells): no further cost, no real row.
        var fidelity = MeasurementFidelity.Compute(output.Released, output.Synthetic, names, output.EstimatedRows, output.ReleasedScope);
        var log = new SynthesisLog(options.Mechanism, options.Epsilon, options.Delta, rho, output.Steps.Sum(s => s.Rho), output.Steps,
            output.EstimatedRows, synthetic.RowCount, [.. output.Cliques.Select(c => (IReadOnlyList<string>)[.. c.Select(a => names[a])])])
        {
            Fidelity = fidelity,
        };
        return new SynthesisResult(synthetic, log);
    }
}
