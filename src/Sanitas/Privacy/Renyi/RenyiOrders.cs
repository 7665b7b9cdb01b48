namespace Sanitas.Privacy.Renyi;

/// <summary>The lists of Rényi orders α at which accountants track the privacy loss.</summary>
public static class RenyiOrders
{
    /// <summary>
    /// Opacus's <c>RDPAccountant.DEFAULT_ALPHAS</c>: 1.1, 1.2, …, 10.9 and 12, 13, …, 63. The default here.
    /// </summary>
    public static IReadOnlyList<double> Default { get; } =
        [.. Enumerable.Range(1, 99).Select(x => 1 + (x / 10.0)), .. Enumerable.Range(12, 52).Select(x => (double)x)];

    /// <summary>
    /// TensorFlow Privacy's <c>compute_dp_sgd_privacy</c> orders: 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3,
    /// 3.5, 4, 4.5, then 5, 6, …, 63, then 128, 256, 512.
    /// </summary>
    public static IReadOnlyList<double> TensorFlowPrivacy { get; } =
        [1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, .. Enumerable.Range(5, 59).Select(x => (double)x), 128, 256, 512];
}
