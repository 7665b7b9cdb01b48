using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>What one fit may spend and use.</summary>
/// <param name="Epsilon">ε of the fit (ignored by non-private fits).</param>
/// <param name="Delta">δ of the fit (0 for pure-DP mechanisms).</param>
/// <param name="MaxRowsPerUnit">R: the most rows one person contributes; sensitivities scale with it.</param>
/// <param name="Regularization">The L2 regularization (Λ for Chaudhuri et al.'s mechanisms, the ridge for OLS).</param>
/// <param name="Random">The noise source: <see cref="SecureRandom"/> for a release.</param>
/// <param name="CancellationToken">Cancels a long fit.</param>
/// <param name="Rows">
/// N̂: the n the mechanism uses as a constant (declared public or a DP estimate; the exact count only
/// in not-private fits). Every DP analysis below holds for any value of it fixed independently of the
/// data; a good N̂ only improves utility.
/// </param>
internal sealed record FitContext(double Epsilon, double Delta, int MaxRowsPerUnit, double Regularization, IRandomBits Random, CancellationToken CancellationToken, double Rows);
