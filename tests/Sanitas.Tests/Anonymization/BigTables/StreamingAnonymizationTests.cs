using System.Globalization;
using System.Text;
using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Samples;
using Sanitas.Tests.Data;
using Sanitas.Workflows;

namespace Sanitas.Tests.Anonymization.BigTables;

/// <summary>
/// The big-table path (two streaming passes over the CSV, search over distinct tuples weighted by
/// their counts) must give what the in-memory path gives: the same optimum, loss, suppression and
/// the same output file byte for byte.
/// </summary>
public sealed class StreamingAnonymizationTests
{
    private static (AnonymizationReport Report, byte[] Output) Run(string config, string input, string folder, bool streaming)
    {
        var output = Path.Combine(folder, streaming ? "streamed.csv" : "in-memory.csv");
        var report = FileAnonymizer.RunWith(config, input, output, Path.ChangeExtension(output, ".json"), null, streaming, CancellationToken.None);
        return (report, File.ReadAllBytes(output));
    }

    private static void AssertSame((AnonymizationReport Report, byte[] Output) memory, (AnonymizationReport Report, byte[] Output) streamed)
    {
        Assert.Equal(memory.Report.Transformation, streamed.Report.Transformation);
        Assert.Equal(memory.Report.InformationLoss, streamed.Report.InformationLoss);
        Assert.Equal(memory.Report.SuppressedRecords, streamed.Report.SuppressedRecords);
        Assert.Equal(memory.Report.Records, streamed.Report.Records);
        Assert.Equal(memory.Report.EquivalenceClasses, streamed.Report.EquivalenceClasses);
        Assert.Equal(memory.Report.SmallestClass, streamed.Report.SmallestClass);
        Assert.Equal(memory.Report.NodesChecked, streamed.Report.NodesChecked);
        Assert.Equal(memory.Report.Utility, streamed.Report.Utility);
        Assert.Equal(memory.Output.Length, streamed.Output.Length);
        Assert.True(memory.Output.AsSpan().SequenceEqual(streamed.Output), "the streamed output differs from the in-memory output");
    }

    [Fact]
    public void Adult_k5_streamed_finds_ARXs_optimum_and_writes_the_in_memory_output()
    {
        using var folder = new TempFolder();
        var memory = Run(TestData.Adult("adult-k5.yaml"), TestData.Adult("adult.csv"), folder.Path, streaming: false);
        var streamed = Run(TestData.Adult("adult-k5.yaml"), TestData.Adult("adult.csv"), folder.Path, streaming: true);

        AssertSame(memory, streamed);
        // ARX's TestAnonymizationKAnonymity on Adult (k = 5, 4% suppression, non-uniform entropy).
        Assert.Equal([1, 0, 1, 1, 3, 2, 2, 0, 1], streamed.Report.Transformation.Values);
        Assert.Equal(255559.85455731067, streamed.Report.InformationLoss.Value, 1e-6);
        Assert.Equal(30162, streamed.Report.Records);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Adult_with_a_sensitive_attribute_streamed_equals_in_memory()
    {
        // occupation is sensitive (l-diversity and t-closeness read its histograms) and written as read, so the file is read twice.
        using var folder = new TempFolder();
        var memory = Run(TestData.Adult("adult-ldiversity.yaml"), TestData.Adult("adult.csv"), folder.Path, streaming: false);
        var streamed = Run(TestData.Adult("adult-ldiversity.yaml"), TestData.Adult("adult.csv"), folder.Path, streaming: true);
        AssertSame(memory, streamed);
        Assert.True(streamed.Report.SuppressedRecords > 0);
    }

    /// <summary>600 Adult rows with an identifying id, a free-text note (quoted delimiters and quotes, empty cells) and a few missing races; k = 3.</summary>
    internal static (string Config, string Input) People(TempFolder folder)
    {
        var adult = CsvReader.Read(TestData.Adult("adult.csv"), new CsvOptions { Delimiter = ';' });
        var csv = new StringBuilder("id;sex;age;race;note\n");
        for (var r = 0; r < 600; r++)
        {
            var note = (r % 4) switch { 0 => "", 1 => "\"a;b\"", 2 => "\"say \"\"hi\"\"\"", _ => "plain" };
            var race = r % 50 == 7 ? "" : adult["race"][r];
            csv.Append(CultureInfo.InvariantCulture, $"P{r};{adult["sex"][r]};{adult["age"][r]};{race};{note}\n");
        }
        var input = folder.File("people.csv");
        File.WriteAllText(input, csv.ToString());
        var raceHierarchy = File.ReadAllText(TestData.Adult("adult_hierarchy_race.csv")).TrimEnd() + "\n;*\n";
        File.WriteAllText(folder.File("race.csv"), raceHierarchy);
        var config = folder.File("people.yaml");
        File.WriteAllText(config, $"""
            delimiter: ";"
            attributes:
              id:   {"{"} role: identifying {"}"}
              sex:  {"{"} role: quasi-identifier, hierarchy: {TestData.Adult("adult_hierarchy_sex.csv")} {"}"}
              age:  {"{"} role: quasi-identifier, hierarchy: {TestData.Adult("adult_hierarchy_age.csv")} {"}"}
              race: {"{"} role: quasi-identifier, hierarchy: race.csv {"}"}
            privacy:
              - k-anonymity: {"{"} k: 3 {"}"}
            suppressionLimit: 0.05
            metric: non-uniform-entropy
            """);
        return (config, input);
    }

    [Fact]
    public void Identifying_insensitive_quoted_and_missing_values_stream_as_in_memory()
    {
        using var folder = new TempFolder();
        var (config, input) = People(folder);
        var memory = Run(config, input, folder.Path, streaming: false);
        var streamed = Run(config, input, folder.Path, streaming: true);
        AssertSame(memory, streamed);
        var text = Encoding.UTF8.GetString(streamed.Output);
        Assert.StartsWith("sex;age;race;note\n", text, StringComparison.Ordinal);
        Assert.Contains(";\"a;b\"\n", text, StringComparison.Ordinal);
        Assert.Contains(";\"say \"\"hi\"\"\"\n", text, StringComparison.Ordinal);
    }

    internal static (AnonymizationReport Report, byte[] Output) InMemory(string config, string input, string folder) => Run(config, input, folder, streaming: false);

    [Fact]
    [Trait("Category", "Slow")]
    public void Adult_scale_repeats_Adult_with_ages_jittered_within_the_hierarchy()
    {
        using var folder = new TempFolder();
        var path = folder.File("scaled.csv");
        var rows = AdultScale.Write(TestData.Adult("adult.csv"), path, new AdultScaleOptions { Rows = 65_000, Seed = 5 });
        Assert.Equal(65_000, rows);
        var adult = CsvReader.Read(TestData.Adult("adult.csv"), new CsvOptions { Delimiter = ';', InferTypes = false });
        var scaled = CsvReader.Read(path, new CsvOptions { Delimiter = ';', InferTypes = false });
        Assert.Equal(65_000, scaled.RowCount);
        Assert.Equal(adult.ColumnNames, scaled.ColumnNames);
        var moved = 0;
        for (var r = 0; r < scaled.RowCount; r++)
        {
            var source = r % adult.RowCount;
            foreach (var column in adult.ColumnNames.Where(n => n != "age"))
            {
                Assert.Equal(adult[column][source], scaled[column][r]);
            }
            var original = int.Parse(adult["age"][source]!, CultureInfo.InvariantCulture);
            var age = int.Parse(scaled["age"][r]!, CultureInfo.InvariantCulture);
            Assert.InRange(age, 1, 100);
            Assert.InRange(age - original, -4, 4);
            moved += age != original ? 1 : 0;
        }
        // A uniform jitter over 9 offsets leaves about 1 age in 9 unchanged.
        Assert.InRange(moved / (double)scaled.RowCount, 0.85, 0.92);

        var again = folder.File("again.csv");
        AdultScale.Write(TestData.Adult("adult.csv"), again, new AdultScaleOptions { Rows = 65_000, Seed = 5 });
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
        var other = folder.File("other.csv");
        AdultScale.Write(TestData.Adult("adult.csv"), other, new AdultScaleOptions { Rows = 65_000, Seed = 6 });
        Assert.NotEqual(File.ReadAllBytes(path), File.ReadAllBytes(other));
    }

    [Fact]
    public void Adult_scale_streamed_equals_in_memory()
    {
        // Past Adult's size, with the jitter: more distinct tuples than rows of Adult, many repeated.
        using var folder = new TempFolder();
        var input = folder.File("scaled.csv");
        AdultScale.Write(TestData.Adult("adult.csv"), input, new AdultScaleOptions { Rows = 90_000, Seed = 9 });
        var memory = Run(TestData.Adult("adult-k5.yaml"), input, folder.Path, streaming: false);
        var streamed = Run(TestData.Adult("adult-k5.yaml"), input, folder.Path, streaming: true);
        AssertSame(memory, streamed);
        Assert.Equal(90_000, streamed.Report.Records);
    }
}
