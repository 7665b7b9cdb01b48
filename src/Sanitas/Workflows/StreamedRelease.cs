using System.Text;
using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Workflows;

/// <summary>
/// The second pass shared by the streamed anonymizers (a big CSV file, a database table): the output is
/// written record by record from each record's tuple, then the report; both go through temporary files
/// and are renamed into place only when both are complete, so a failure or a cancellation leaves neither.
/// </summary>
internal static class StreamedRelease
{
    private const int BufferSize = 1 << 16;

    /// <summary>Writes the output (rows from <paramref name="secondPass"/>) and the report.</summary>
    /// <param name="outcome">The search's outcome on the distinct tuples.</param>
    /// <param name="config">The resolved configuration (roles).</param>
    /// <param name="tuples">The first pass's distinct tuples.</param>
    /// <param name="delimiter">The output's delimiter.</param>
    /// <param name="output">The output CSV path.</param>
    /// <param name="report">The report path.</param>
    /// <param name="anonymizationReport">The report to write.</param>
    /// <param name="phases">Receives the writing phase's progress (every 64k records, and 100% once both files are in place).</param>
    /// <param name="secondPass">Feeds every input record to the writer (and checks that the input did not change).</param>
    /// <param name="cancellationToken">Cancels before anything is renamed into place.</param>
    public static void Write(Anonymizer.Outcome outcome, AnonymizationConfig config, DistinctTupleCollector tuples, char delimiter,
        string output, string report, AnonymizationReport anonymizationReport, PhaseReporter phases, Action<StreamingOutputWriter> secondPass,
        CancellationToken cancellationToken)
    {
        phases.Report(AnonymizationPhase.Writing, 0, 0, tuples.Records);
        var generalized = outcome.Prepared.Encodings.Select((e, q) => e.LevelMap[outcome.Node[q]].Select(code => e.LevelValues[outcome.Node[q]][code]).ToArray()).ToArray();
        var qiIndex = outcome.Prepared.Encodings.Select((e, q) => (e.Name, q)).ToDictionary(x => x.Name, x => x.q, StringComparer.Ordinal);
        using var outputFile = AtomicFile.Begin(output);
        using var reportFile = AtomicFile.Begin(report);
        using (var stream = outputFile.OpenWrite())
        {
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false), BufferSize, leaveOpen: true))
            {
                secondPass(new StreamingOutputWriter(tuples, writer, delimiter, name => RoleOf(config, name), name => qiIndex.GetValueOrDefault(name, -1),
                    outcome.ClassOfRow, outcome.Failing, generalized, phases, cancellationToken));
            }
            stream.Flush(flushToDisk: true);
        }
        using (var stream = reportFile.OpenWrite())
        {
            stream.Write(new UTF8Encoding(false).GetBytes(anonymizationReport.ToJson() + "\n"));
            stream.Flush(flushToDisk: true);
        }
        cancellationToken.ThrowIfCancellationRequested();
        outputFile.Commit();
        reportFile.Commit();
        phases.End(AnonymizationPhase.Writing, tuples.Records, tuples.Records);
    }

    /// <summary>An attribute's role; undeclared columns are insensitive.</summary>
    public static AttributeRole RoleOf(AnonymizationConfig config, string name) => config.Attributes.TryGetValue(name, out var s) ? s.Role : AttributeRole.Insensitive;
}
