using System.Numerics;

namespace Sanitas.Collaboration;

/// <summary>One share (x, f(x)) of a Shamir secret: the evaluation of the dealer's polynomial at x ≥ 1.</summary>
/// <param name="X">The evaluation point, 1 for the first party; never 0 (f(0) is the secret).</param>
/// <param name="Y">f(x) in the prime field.</param>
public sealed record ShamirShare(int X, BigInteger Y);
