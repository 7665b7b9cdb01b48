namespace Sanitas.Anonymization;

/// <summary>
/// Reports an anonymization run's <see cref="AnonymizationProgress"/> phase by phase to an optional
/// receiver. Callers report from their loops only every 64k records (or per percent of a file), so no
/// report sits on a per-record path; <see cref="End"/> closes a phase at 100%.
/// </summary>
internal sealed class PhaseReporter(IProgress<AnonymizationProgress>? progress)
{
    /// <summary>How many records a loop handles between reports and cancellation checks (a power of two).</summary>
    public const int Stride = 1 << 16;

    /// <summary>The mask that is zero every <see cref="Stride"/> records.</summary>
    public const long StrideMask = Stride - 1;

    /// <summary>Whether anyone listens (callers may skip computing what they would report).</summary>
    public bool Active => progress is not null;

    /// <summary>Reports where <paramref name="phase"/> is.</summary>
    public void Report(AnonymizationPhase phase, double fraction, long rows, long? totalRows) =>
        progress?.Report(new AnonymizationProgress(phase, Math.Clamp(double.IsNaN(fraction) ? 0 : fraction, 0, 1), rows, totalRows));

    /// <summary>Reports that <paramref name="phase"/> is complete.</summary>
    public void End(AnonymizationPhase phase, long rows, long? totalRows) => Report(phase, 1, rows, totalRows);

    /// <summary>A receiver of the CSV reader's byte fraction that reports the reading phase with the records counted so far.</summary>
    public IProgress<double>? Reading(Func<long> rows) => progress is null ? null : new Relay<double>(fraction => Report(AnonymizationPhase.Reading, fraction, rows(), null));

    /// <summary>A receiver of the records written so far that reports the writing phase of <paramref name="total"/> records.</summary>
    public IProgress<long>? Writing(long total) => progress is null ? null : new Relay<long>(rows => Report(AnonymizationPhase.Writing, (double)rows / Math.Max(1, total), rows, total));

    /// <summary>A receiver of the lattice search's progress that reports the search phase over <paramref name="records"/> records.</summary>
    public IProgress<SearchProgress>? Searching(long records) => progress is null ? null
        : new Relay<SearchProgress>(p => progress.Report(new AnonymizationProgress(AnonymizationPhase.Searching, Math.Clamp(p.Fraction, 0, 1), records, records) { Search = p }));

    /// <summary>Calls back synchronously on the reporting thread (unlike <see cref="Progress{T}"/>, which posts).</summary>
    private sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
