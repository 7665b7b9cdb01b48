namespace Sanitas.Anonymization.TimeSeries;

/// <summary>
/// What a DP release of per-window statistics declares before any value is read: the budget, the
/// value bounds every windowed value is clamped to, the resolution values are counted in, and the
/// windows (24 hours of the day, or windows of <see cref="Window"/> points over the first
/// <see cref="Length"/> points).
/// </summary>
/// <param name="Epsilon">ε of the whole release (half on the per-window sums, half on the counts).</param>
/// <param name="Delta">δ: 0 for the Laplace mechanism (ε-DP); positive for the Gaussian mechanism ((ε, δ)-DP through ρ-zCDP).</param>
/// <param name="Lower">The least value (e.g. 20 °C).</param>
/// <param name="Upper">The greatest value.</param>
/// <param name="Resolution">The step values are rounded to before summing (e.g. 0.01 °C).</param>
/// <param name="ByHour">Windows are the hours of the day of each point's ISO 8601 time.</param>
/// <param name="Window">Without <paramref name="ByHour"/>: points per window.</param>
/// <param name="Length">Without <paramref name="ByHour"/>: the points of each series that count (later ones are ignored).</param>
internal sealed record DpWindowOptions(double Epsilon, double Delta, double Lower, double Upper, double Resolution, bool ByHour, int Window, int Length)
{
    /// <summary>The number of windows (public: from the options alone).</summary>
    public int WindowCount => ByHour ? 24 : (Length + Window - 1) / Window;

    /// <summary>Steps between the bounds: the largest quantized value a person adds to one window's sum.</summary>
    public long Steps => (long)Math.Ceiling(((Upper - Lower) / Resolution) - 1e-9);

    /// <summary>Whether the noise is discrete Gaussian (δ &gt; 0) rather than discrete Laplace.</summary>
    public bool Gaussian => Delta > 0;

    /// <summary>The largest centred contribution of one person to one window's sum: ⌈M/2⌉ steps.</summary>
    public long HalfSteps => (Steps + 1) / 2;

    /// <summary>Checks the options (before any charge).</summary>
    /// <exception cref="InvalidOptionException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(Epsilon > 0) || double.IsInfinity(Epsilon))
        {
            throw InvalidOptionException.Of("epsilon", $"`epsilon` must be a positive number, got {Epsilon}.");
        }
        if (!(Delta >= 0 && Delta < 1))
        {
            throw InvalidOptionException.Of("delta", $"`delta` must be in [0, 1) (0: the Laplace mechanism), got {Delta}.");
        }
        if (!double.IsFinite(Lower) || !double.IsFinite(Upper) || !(Lower < Upper))
        {
            throw InvalidOptionException.Of("bounds", $"The declared bounds need `lower` < `upper`, both finite; got [{Lower}, {Upper}].");
        }
        if (!(Resolution > 0) || double.IsInfinity(Resolution))
        {
            throw InvalidOptionException.Of("resolution", $"`resolution` must be a positive number, got {Resolution}.");
        }
        if (!ByHour && (Window < 1 || Length < 1))
        {
            throw InvalidOptionException.Of("window", $"Windows by points need `window` ≥ 1 and `length` ≥ 1 (declared, not read from the data); got window {Window}, length {Length}.");
        }
        if (Steps < 1 || (double)Steps * WindowCount > 1L << 40)
        {
            throw InvalidOptionException.Of("resolution", $"`resolution` {Resolution} gives {Steps} steps between the bounds over {WindowCount} windows; choose a coarser resolution (at most 2^40 steps in all).");
        }
    }
}
