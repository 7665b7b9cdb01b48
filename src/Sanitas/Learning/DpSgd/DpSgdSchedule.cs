using System.Globalization;

namespace Sanitas.Learning.DpSgd;

/// <summary>
/// The sampling schedule DP-SGD is accounted for: each person is in a step's batch with probability
/// q, for a number of steps. From a data set of N persons, an expected batch of B and E epochs it is
/// q = B/N and ⌈E·N/B⌉ steps, as TF Privacy's <c>compute_dp_sgd_privacy</c> computes it (Abadi et al.
/// 2016, "Deep learning with differential privacy").
/// </summary>
/// <param name="SamplingRate">q, in (0, 1].</param>
/// <param name="Steps">The number of steps, at least 1.</param>
public readonly record struct DpSgdSchedule(double SamplingRate, long Steps)
{
    /// <summary>A schedule given directly; the options are <c>samplingRate</c> and <c>steps</c>.</summary>
    /// <exception cref="InvalidOptionException">q is not in (0, 1] or there is no step.</exception>
    public static DpSgdSchedule Of(double samplingRate, long steps) =>
        new(CheckRate(samplingRate, "samplingRate"), CheckSteps(steps, "steps"));

    /// <summary>The schedule of <paramref name="epochs"/> passes over <paramref name="persons"/> persons in batches of <paramref name="batch"/>.</summary>
    /// <param name="persons">N (the option <c>n</c>).</param>
    /// <param name="batch">B, the expected batch size (the option <c>batch</c>).</param>
    /// <param name="epochs">E (the option <c>epochs</c>).</param>
    /// <exception cref="InvalidOptionException">N &lt; 1, B not in [1, N], or E not finite and positive.</exception>
    public static DpSgdSchedule FromEpochs(long persons, long batch, double epochs)
    {
        if (persons < 1)
        {
            throw InvalidOptionException.Of("n", Invariant($"`n` must be at least 1; got {persons}."));
        }
        if (batch < 1 || batch > persons)
        {
            throw InvalidOptionException.Of("batch", Invariant($"`batch` must be between 1 and `n` ({persons}); got {batch}."));
        }
        if (!(epochs > 0) || !double.IsFinite(epochs))
        {
            throw InvalidOptionException.Of("epochs", Invariant($"`epochs` must be finite and positive; got {epochs}."));
        }
        return new((double)batch / persons, CheckSteps((long)Math.Ceiling(epochs * persons / batch), "epochs"));
    }

    private static double CheckRate(double q, string option) =>
        q > 0 && q <= 1 ? q : throw InvalidOptionException.Of(option, Invariant($"`{option}` must be in (0, 1]; got {q}."));

    private static long CheckSteps(long steps, string option) =>
        steps >= 1 ? steps : throw InvalidOptionException.Of(option, Invariant($"`{option}` must give at least 1 step; got {steps}."));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
