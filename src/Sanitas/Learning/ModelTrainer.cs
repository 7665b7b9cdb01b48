namespace Sanitas.Learning;

/// <summary>One entry of <see cref="Trainer.Trainers"/>: a (model, mechanism) pair and how it fits.</summary>
/// <param name="Model">The model name on the command line (linear, logistic, naive-bayes, mlp).</param>
/// <param name="Mechanism">The mechanism name (none, output, functional, objective, adassp, dpsgd).</param>
/// <param name="IsPrivate">Whether the fit is differentially private (needs bounds, charges the ledger).</param>
/// <param name="UsesDelta">Whether the guarantee is (ε, δ) with δ &gt; 0.</param>
/// <param name="MaxRowsPerUnitSupported">The most rows per person the proof covers (null: any R, sensitivity scales with R).</param>
/// <param name="DefaultRegularization">The regularization used when none is given.</param>
/// <param name="Fit">The fit on encoded data.</param>
/// <param name="NeedsRows">Whether the fit uses n (as a constant: declared public or a DP estimate, never the exact count).</param>
/// <param name="Experimental">The diagnostic ID of an experimental guarantee (needs the explicit opt-in), or null.</param>
internal sealed record ModelTrainer(
    string Model, string Mechanism, bool IsPrivate, bool UsesDelta, int? MaxRowsPerUnitSupported, double DefaultRegularization,
    Func<DesignMatrix, FitContext, FitResult> Fit, bool NeedsRows = false, string? Experimental = null);
