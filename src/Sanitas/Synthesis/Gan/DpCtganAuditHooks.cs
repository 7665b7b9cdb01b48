namespace Sanitas.Synthesis.Gan;

/// <summary>
/// Test-only hooks of <see cref="DpCtganSynthesizer.Run"/> for the privacy audit
/// (<c>tests/Sanitas.Tests/Audit/DpCtganAuditTests.cs</c>): a deliberate fault that shrinks the noise while
/// the accounting still claims the full budget (the audit's power check must catch it), and a view of the
/// trained discriminator (the only channel from the data to the generator). Internal: no release path sets it.
/// </summary>
internal sealed record DpCtganAuditHooks
{
    /// <summary>
    /// Multiplies the 1-way marginals' noise standard deviation while the log and the charge still state the
    /// requested budget. 1 is the real mechanism; the audit's broken variant uses a tiny value.
    /// </summary>
    public double MarginalNoiseScale { get; init; } = 1;

    /// <summary>Multiplies DP-SGD's noise multiplier σ in the discriminator's steps (the accounting keeps the solved σ); 1 is the real mechanism.</summary>
    public double GradientNoiseScale { get; init; } = 1;

    /// <summary>
    /// Trains without clipping and without noise (diagnosis only: shows what the GAN learns without privacy).
    /// No release path sets it; the accounting and the log still describe the private schedule.
    /// </summary>
    public bool NonPrivate { get; init; }

    /// <summary>Called once after training with the discriminator (white-box observation for the audit).</summary>
    public Action<Discriminator>? Trained { get; init; }
}
