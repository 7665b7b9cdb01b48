using BenchmarkDotNet.Attributes;
using Sanitas.Anonymization;
using Sanitas.Samples;
using Sanitas.Workflows;

namespace Sanitas.Benchmarks;

/// <summary>
/// Issue 16 item 6: one million Adult-shaped rows (<c>sanitas sample adult-scale --rows 1000000 --seed 1</c>),
/// all nine attributes quasi-identifying with ARX's hierarchies, k = 5, 4% suppression: the whole
/// file anonymization (read, search, write the CSV and the report), streamed in two passes or read
/// into memory first.
/// </summary>
public class BigTableBenchmarks
{
    private string _folder = null!;
    private string _input = null!;
    private string _config = null!;

    /// <summary>Whether the file is streamed (the default from 32 MB on) or read into a table first.</summary>
    [Params(true, false)]
    public bool Streaming { get; set; }

    /// <summary>Writes the million rows once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("sanitas-bigtable-").FullName;
        _input = Path.Combine(_folder, "adult-1m.csv");
        AdultScale.Write(Path.Combine(AdultData.Folder, "adult.csv"), _input, new AdultScaleOptions { Rows = 1_000_000, Seed = 1 });
        _config = Path.Combine(AdultData.Folder, "adult-k5.yaml");
    }

    /// <summary>Deletes the files.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>Read, search, write.</summary>
    [Benchmark]
    public AnonymizationReport Anonymize1M() =>
        FileAnonymizer.RunWith(_config, _input, Path.Combine(_folder, "out.csv"), Path.Combine(_folder, "out.json"), null, Streaming, CancellationToken.None);
}
