using BenchmarkDotNet.Attributes;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Privacy.Renyi;

namespace Sanitas.Benchmarks;

/// <summary>
/// DP-SGD costs: the Rényi accountant's ε for 2,250 steps of the sampled Gaussian (q = 256/60,000,
/// σ = 1.1, δ = 1e-5: Abadi et al. 2016's MNIST setting), and one DP-SGD training (ε = 2, δ = 1e-5,
/// no cross-validation) of logistic regression and of the 16-unit MLP on Pima (768 rows, 8 features).
/// Noise from <see cref="SecureRandom"/>.
/// </summary>
public class DpSgdBenchmarks
{
    private Table _pima = null!;
    private TrainingOptions _logistic = null!, _mlp = null!;

    /// <summary>Reads Pima from the repository's samples/public folder.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _pima = CsvReader.Read(FindPima());
        var bounds = LearningBounds.Parse(new StringReader("pregnant: [0, 17]\nglucose: [0, 200]\npressure: [0, 125]\ntriceps: [0, 100]\ninsulin: [0, 850]\nmass: [0, 70]\npedigree: [0, 2.5]\nage: [20, 85]\ndiabetes: [neg, pos]\n"), "pima-bounds.yaml");
        _logistic = new TrainingOptions { Target = "diabetes", Model = "logistic", Mechanism = "dpsgd", Epsilon = 2, Delta = 1e-5, Bounds = bounds, Folds = 0 };
        _mlp = _logistic with { Model = "mlp" };
    }

    /// <summary>ε of 2,250 sampled-Gaussian steps at δ = 1e-5.</summary>
    [Benchmark]
    public double Accountant2250Steps() => RenyiAccountant.Epsilon(256.0 / 60_000, 1.1, 2_250, 1e-5).Epsilon;

    /// <summary>Logistic regression by DP-SGD on Pima.</summary>
    [Benchmark]
    public TrainedModel LogisticDpSgdPima() => Trainer.Train(_pima, _logistic, SecureRandom.Instance);

    /// <summary>The 8-16-1 MLP by DP-SGD on Pima.</summary>
    [Benchmark]
    public TrainedModel MlpDpSgdPima() => Trainer.Train(_pima, _mlp, SecureRandom.Instance);

    private static string FindPima()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "samples", "public", "mlbench_PimaIndiansDiabetes.csv");
            if (File.Exists(file))
            {
                return file;
            }
        }
        throw new FileNotFoundException("mlbench_PimaIndiansDiabetes.csv not found in a samples/public folder above the benchmark.");
    }
}
