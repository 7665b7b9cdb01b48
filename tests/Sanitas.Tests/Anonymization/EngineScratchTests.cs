using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Tests.Support;
using Xunit.Abstractions;

namespace Sanitas.Tests.Anonymization;

public class EngineScratchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(5, 0.04, "1,0,1,1,3,2,2,0,1", 255559.85455731067)]
    [InlineData(100, 0.04, "1,1,1,1,3,2,2,1,1", 379417.3460570988)]
    [InlineData(5, 0.0, "1,2,1,1,3,2,2,1,1", 407289.5388925293)]
    [InlineData(100, 0.0, "0,4,1,1,3,2,2,1,1", 453196.8932458743)]
    public void Adult(int k, double suppression, string expected, double loss)
    {
        var lines = File.ReadAllLines(TestData.Adult("adult.csv"));
        var header = lines[0].Split(';');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')).ToArray();
        var table = new Table(header.Select((h, i) => Column.FromValues(h, rows.Select(r => (string?)r[i]))));
        var qis = header.Select(h =>
        {
            var map = File.ReadAllLines(TestData.Adult($"adult_hierarchy_{h}.csv")).Where(l => l.Length > 0).Select(l => l.Split(';')).ToDictionary(r => r[0]);
            return new EngineQuasiIdentifier(h, (v, level) => map[v!][level], map.First().Value.Length);
        }).ToList();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var prepared = AnonymizationEngine.Prepare(table, qis, [new KAnonymity(k)], suppression, (e, n) => new NonUniformEntropyEvaluator(e, monotonic: true), false);
        var search = new LatticeSearch(prepared.Lattice, prepared.Evaluator, prepared.Metric, prepared.MonotonicModels, prepared.MaxOutliers > 0, null, default);
        var result = search.Run();
        output.WriteLine($"{sw.ElapsedMilliseconds} ms, checked {search.NodesChecked}, rolled {prepared.Evaluator.RolledUpClasses}");
        Assert.NotNull(result);
        Assert.Equal(expected, string.Join(",", prepared.Lattice.Decode(result.Value.NodeId)));
        Assert.Equal(loss, result.Value.Loss, 1e-9 * loss);
    }
}
