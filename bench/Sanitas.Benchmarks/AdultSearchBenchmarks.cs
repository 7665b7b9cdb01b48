using BenchmarkDotNet.Attributes;
using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Benchmarks;

/// <summary>
/// The four Adult configurations of ARX's k-anonymity test (all nine attributes as
/// quasi-identifiers, non-uniform entropy): the whole optimal anonymization, warm.
/// ARX 3.9.2 on the same kind of machine: 1,120 / 225 / 54 / 29 ms.
/// </summary>
public class AdultSearchBenchmarks
{
    private Table _table = null!;
    private AnonymizationConfig _config = null!;

    /// <summary>k and suppression limit, as "k/limit".</summary>
    [Params("5/0.04", "100/0.04", "5/0", "100/0")]
    public string Case { get; set; } = "5/0.04";

    /// <summary>Loads Adult and the hierarchies once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _table = AdultData.Read();
        var parts = Case.Split('/');
        _config = AdultData.KAnonymity(_table, int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Search, apply, and compute every utility metric.</summary>
    [Benchmark]
    public AnonymizationResult Anonymize() => Anonymizer.Anonymize(_table, _config);
}
