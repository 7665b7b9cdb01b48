namespace Sanitas.Synthesis;

/// <summary>
/// A noisy marginal a synthesizer released (a DP value: the data plus noise), and the cells it is over:
/// the declared cells, or the cells of MST's domain compression (<see cref="DomainCompression"/>, itself
/// decided from noisy values only). What <see cref="MeasurementFidelity"/> compares the synthetic table with.
/// </summary>
/// <param name="Measurement">The noisy counts, their attributes and noise scale.</param>
/// <param name="Compression">The compression its cells are over, or null for the declared cells.</param>
internal sealed record ReleasedMeasurement(Measurement Measurement, DomainCompression? Compression = null);
