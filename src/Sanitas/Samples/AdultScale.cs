using System.Globalization;
using System.Text;
using Sanitas.Data;

namespace Sanitas.Samples;

/// <summary>
/// Writes Adult-shaped tables of any size for the big-table benchmarks: ARX's Adult extract
/// (<c>samples/adult/adult.csv</c>, 30,162 records, nine attributes, ';'-separated) repeated in
/// order, each written age moved by a seeded uniform jitter of up to ±4 years and clamped to the
/// range of ARX's age hierarchy (<c>adult_hierarchy_age.csv</c>, 1–100), so ARX's Adult
/// hierarchies apply to every row. The file is streamed (memory does not grow with the row
/// count) into a temporary file that is moved into place only when complete.
/// </summary>
public static class AdultScale
{
    /// <summary>Writes <paramref name="options"/>.Rows rows to <paramref name="outputPath"/>.</summary>
    /// <param name="adultCsv">ARX's adult.csv; its folder must also hold adult_hierarchy_age.csv.</param>
    /// <param name="outputPath">The CSV to write (';'-separated, with Adult's header).</param>
    /// <param name="options">Rows, seed, jitter.</param>
    /// <param name="progress">Receives the fraction written.</param>
    /// <param name="ct">Cancels the work; nothing is written then.</param>
    /// <returns>How many rows were written.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Rows is not positive or the jitter is negative.</exception>
    /// <exception cref="CsvFormatException">adult.csv has no age column.</exception>
    /// <exception cref="Anonymization.HierarchyException">The age hierarchy holds no whole numbers.</exception>
    public static long Write(string adultCsv, string outputPath, AdultScaleOptions options, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(adultCsv);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Rows);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Jitter);
        var source = CsvReader.Read(adultCsv, new CsvOptions { Delimiter = ';', InferTypes = false }, ct);
        if (!source.TryGetColumn("age", out var ageColumn))
        {
            throw new CsvFormatException(Path.GetFileName(adultCsv), 1, null, "there is no 'age' column");
        }
        var (minAge, maxAge) = AgeRange(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(adultCsv))!, "adult_hierarchy_age.csv"));
        var ageIndex = source.Columns.ToList().IndexOf(ageColumn);
        // Each source row as its text before and after the age, so a written row is two copies and a number.
        var before = new string[source.RowCount];
        var after = new string[source.RowCount];
        var ages = new int[source.RowCount];
        for (var r = 0; r < source.RowCount; r++)
        {
            var cells = source.Columns.Select(c => Escape(c[r])).ToArray();
            before[r] = string.Join(';', cells.Take(ageIndex)) + (ageIndex > 0 ? ";" : "");
            after[r] = (ageIndex < cells.Length - 1 ? ";" : "") + string.Join(';', cells.Skip(ageIndex + 1));
            ages[r] = int.Parse(ageColumn[r]!, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
        var header = string.Join(';', source.ColumnNames);
        var random = new Random(options.Seed);
        AtomicFile.Write(outputPath, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.NewLine = "\n";
            writer.WriteLine(header);
            Span<char> number = stackalloc char[12];
            var step = Math.Max(1, options.Rows / 100);
            for (long i = 0; i < options.Rows; i++)
            {
                if (i % step == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report((double)i / options.Rows);
                }
                var r = (int)(i % source.RowCount);
                var age = options.Jitter == 0 ? ages[r] : Math.Clamp(ages[r] + random.Next(-options.Jitter, options.Jitter + 1), minAge, maxAge);
                age.TryFormat(number, out var written, provider: CultureInfo.InvariantCulture);
                writer.Write(before[r]);
                writer.Write(number[..written]);
                writer.Write(after[r]);
                writer.Write('\n');
            }
        });
        progress?.Report(1);
        return options.Rows;
    }

    private static (int Min, int Max) AgeRange(string hierarchyPath)
    {
        var hierarchy = Anonymization.HierarchyReader.Read(hierarchyPath);
        var ages = hierarchy.Rows.Select(row => int.TryParse(row[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) ? (int?)a : null).OfType<int>().ToList();
        return ages.Count == 0
            ? throw new Anonymization.HierarchyException($"{hierarchyPath}: the age hierarchy holds no whole numbers.")
            : (ages.Min(), ages.Max());
    }

    private static string Escape(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(";\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
