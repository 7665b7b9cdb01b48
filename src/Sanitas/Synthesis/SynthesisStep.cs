namespace Sanitas.Synthesis;

/// <summary>
/// One private step of a synthesizer, as released in its log: every number here is either
/// declared (the budget split) or differentially private (what was selected).
/// </summary>
/// <param name="Kind"><c>measure</c> (a noisy marginal) or <c>select</c> (an exponential-mechanism choice).</param>
/// <param name="Attributes">The marginal measured or selected.</param>
/// <param name="Rho">Its zCDP cost ρ.</param>
/// <param name="Sigma">The Gaussian noise σ of a measurement (0 for a selection).</param>
/// <param name="Epsilon">The exponential mechanism's ε of a selection (0 for a measurement); ρ = ε²/8.</param>
public sealed record SynthesisStep(string Kind, IReadOnlyList<string> Attributes, double Rho, double Sigma, double Epsilon);
