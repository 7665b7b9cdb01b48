namespace Sanitas.Synthesis;

/// <summary>The fits (<see cref="MeasurementFit"/>) of the released marginals of one degree, summarized.</summary>
/// <param name="Degree">The marginals' number of columns.</param>
/// <param name="Count">How many were released (a marginal measured twice counts twice).</param>
/// <param name="MeanTvd">The mean TVD between the synthetic table's marginal and the released one.</param>
/// <param name="MeanNoiseTvd">The mean TVD the noise alone would give.</param>
/// <param name="MaxExcess">The largest TVD − noise TVD.</param>
/// <param name="Worst">The columns of that marginal.</param>
public sealed record MeasurementFitSummary(int Degree, int Count, double MeanTvd, double MeanNoiseTvd, double MaxExcess, IReadOnlyList<string> Worst);
