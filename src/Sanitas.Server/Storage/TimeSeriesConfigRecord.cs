namespace Sanitas.Server.Storage;

/// <summary>
/// A dataset's readings (time-series) table for synthetic readings: where its CSV lives and the
/// steward's declared settings (TRIAL-READINGS.yaml, <see cref="Sanitas.Synthesis.TrialTimeSeriesConfig"/>).
/// </summary>
internal sealed record TimeSeriesConfigRecord(string Dataset, string ReadingsCsv, string ConfigYaml, string UpdatedBy, string UpdatedAt);
