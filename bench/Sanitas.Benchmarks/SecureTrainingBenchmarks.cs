using BenchmarkDotNet.Attributes;
using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Benchmarks;

/// <summary>
/// smpc's secure logistic-regression training in one process, without HTTP or signatures (the two computing
/// parties and the dealer meet in memory, <see cref="LocalBeaverPair"/>): the model stage on shares of the rows
/// and the fold stage (10 folds), on a scaled seed workload — 3 sites, 10 standard-normal features, labels from
/// MulticentreSample's coefficients (simulated, seeded: not a release). The ring arithmetic, the dealer's
/// correlated values and the AES-CTR mask expansion are all in; the wire (JSON, signatures, AES-GCM) is not.
/// Short run: <c>dotnet run -c Release --project bench/Sanitas.Benchmarks -- --filter '*SecureTrainingBenchmarks*' --job short</c>.
/// </summary>
public class SecureTrainingBenchmarks
{
    private List<SiteData> _sites = null!;
    private SecureTrainingPlan _plan = null!;

    /// <summary>Rows in all (the seed workload has 49,152).</summary>
    [Params(8192)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int features = 10;
        var beta = MulticentreSample.TrueCoefficients(features);
        var random = new Random(1); // simulation, not a release
        _sites = [];
        for (var s = 0; s < 3; s++)
        {
            var rows = Rows / 3;
            var width = features + 1;
            var x = new double[rows * width];
            var y = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                x[i * width] = 1;
                var u = beta[0];
                for (var j = 1; j < width; j++)
                {
                    var v = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    x[(i * width) + j] = v;
                    u += beta[j] * v;
                }
                y[i] = random.NextDouble() < LocalLogistic.Sigmoid(u) ? 1 : 0;
            }
            _sites.Add(new SiteData(x, y, width));
        }
        _plan = new SecureTrainingPlan([.. _sites.Select(s => s.Rows)], features + 1, Folds: 10, FoldSeed: 1);
    }

    /// <summary>The final model and the 10 fold models, opened.</summary>
    [Benchmark]
    public double[][] TrainFinalAndTenFolds() => LocalBeaverPair.TrainAsync(_sites, _plan, SecureRandom.Instance).GetAwaiter().GetResult().Models;
}
