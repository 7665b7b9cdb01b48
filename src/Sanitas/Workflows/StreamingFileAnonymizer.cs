using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Data;

namespace Sanitas.Workflows;

/// <summary>
/// Anonymizes a CSV file too big to hold row by row, in two streaming passes: the first
/// dictionary-encodes the quasi-identifiers and sensitive attributes and counts each distinct
/// tuple (memory: 4 bytes a record for its tuple number, plus the distinct values and tuples); the search then runs on the
/// tuples weighted by their counts, which gives the same classes, sizes, optimum and loss as
/// the rows would; the output is then written record by record from each record's tuple, reading
/// the file a second time only for columns written as they are (insensitive and sensitive ones). Output and report go through temporary files renamed into place at the end.
/// Progress arrives phase by phase (reading: bytes of the file and records so far; searching; writing: records of all), every 64k
/// records or percent of the file, and cancellation is checked as often.
/// </summary>
internal static class StreamingFileAnonymizer
{
    /// <summary>Runs both passes; as FileAnonymizer.Run.</summary>
    public static AnonymizationReport Run(LoadedAnonymizationConfig loaded, string input, string output, string report, char delimiter,
        PhaseReporter phases, CancellationToken cancellationToken)
    {
        var options = new CsvOptions { Delimiter = delimiter };
        var grouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in loaded.Attributes)
        {
            if (attribute.Role is AttributeRole.QuasiIdentifying or AttributeRole.Sensitive)
            {
                grouped.Add(attribute.Name);
            }
        }
        var declared = loaded.Attributes.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var pass1 = new DistinctTupleCollector(grouped, declared, options);
        phases.Report(AnonymizationPhase.Reading, 0, 0, null);
        CsvReader.Stream(input, options with { Progress = phases.Reading(() => pass1.Records) }, pass1, cancellationToken);
        phases.End(AnonymizationPhase.Reading, pass1.Records, pass1.Records);
        var table = pass1.Build();
        var config = loaded.ResolveGrouped(table.Table, Path.GetFileName(input), table.Records);
        var outcome = Anonymizer.Search(table.Table, config, table.Multiplicities, phases.Searching(table.Records), cancellationToken);
        phases.End(AnonymizationPhase.Searching, table.Records, table.Records);
        var result = outcome.Result;
        var anonymizationReport = AnonymizationReport.Create(result, config, input, output) with { ReportPath = report, Records = table.Records };
        StreamedRelease.Write(outcome, config, pass1, delimiter, output, report, anonymizationReport, phases, pass2 =>
        {
            if (pass1.Names.All(n => StreamedRelease.RoleOf(config, n) is AttributeRole.Identifying or AttributeRole.QuasiIdentifying))
            {
                // Every output column is generalized: the first pass's tuples are all the output needs.
                pass2.WriteAll(pass1.Names);
            }
            else
            {
                CsvReader.Stream(input, options, pass2, cancellationToken);
            }
            if (pass2.Rows != table.Records)
            {
                throw new IOException($"The input file changed while it was anonymized ({table.Records:N0} records on the first read, {pass2.Rows:N0} on the second); nothing was written.");
            }
        }, cancellationToken);
        return anonymizationReport;
    }
}
