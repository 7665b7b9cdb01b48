namespace Sanitas.Server.Apis;

/// <summary>
/// A dataset's readings table for synthetic readings: the CSV's file name and the steward's declared
/// settings (TRIAL-READINGS.yaml, as <c>sanitas synth timeseries --config</c> reads it): public.
/// </summary>
internal sealed record TimeSeriesConfigView(string Dataset, string Readings, string Config);

/// <summary>
/// New time-series settings for a dataset: the readings CSV on the server (required the first time; kept
/// when omitted) and the settings' YAML text.
/// </summary>
internal sealed record TimeSeriesConfigRequest(string? ReadingsCsv, string? Config);

/// <summary>A synthetic-readings job: ε and δ per patient and the number of synthetic patients.</summary>
internal sealed record TimeSeriesSynthesisJobRequest(double? Epsilon, double? Delta, int? Patients);
