using BenchmarkDotNet.Attributes;
using Sanitas.Data;
using Sanitas.Risk;

namespace Sanitas.Benchmarks;

/// <summary>
/// The risk measures on ARX's Adult data (30,162 records, all nine attributes as quasi-identifiers):
/// equivalence classes, the population-uniqueness models (Pitman at a sampling fraction of 0.1, the
/// Zayatz and SNB pair at 0.2), sdcMicro's individual risk, SUDA over all 511 attribute sets, and
/// everything together.
/// </summary>
public class RiskBenchmarks
{
    private Table _table = null!;
    private string[] _qis = null!;
    private EquivalenceClasses _classes = null!;

    /// <summary>Loads Adult and forms its classes once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _table = AdultData.Read();
        _qis = [.. _table.ColumnNames];
        _classes = EquivalenceClasses.Build(_table, _qis);
    }

    /// <summary>Grouping the records by their nine quasi-identifiers.</summary>
    [Benchmark]
    public EquivalenceClasses Classes() => EquivalenceClasses.Build(_table, _qis);

    /// <summary>Dankar's rule at 0.1: Pitman's model (Newton-Raphson with polygamma functions).</summary>
    [Benchmark]
    public PopulationUniqueness PitmanAtATenth() => PopulationUniqueness.Estimate(_classes, 0.1);

    /// <summary>Dankar's rule at 0.2: the Zayatz and SNB models.</summary>
    [Benchmark]
    public PopulationUniqueness ZayatzAndSnbAtAFifth() => PopulationUniqueness.Estimate(_classes, 0.2);

    /// <summary>sdcMicro's individual risk of every record.</summary>
    [Benchmark]
    public IndividualRisk IndividualRisk() => Sanitas.Risk.IndividualRisk.Compute(_classes, 0.1);

    /// <summary>SUDA: minimal sample uniques over all attribute sets, scores and DIS scores.</summary>
    [Benchmark]
    public SudaResult Suda() => SpecialUniques.Compute(_classes, 0.1);

    /// <summary>Every measure of <c>sanitas risk</c> (classes, prosecutor, uniqueness, individual risk, SUDA).</summary>
    [Benchmark]
    public RiskMeasures AllMeasures() => RiskMeasures.Measure(_table, _qis);
}
