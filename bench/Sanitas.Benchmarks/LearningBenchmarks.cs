using BenchmarkDotNet.Attributes;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Samples;

namespace Sanitas.Benchmarks;

/// <summary>
/// Fit time of each linear-regression method on the trial's readings pivoted to one row per
/// measurement (forecast right_heel from the other seven sensors, bounds [20, 40] °C): one
/// patient (the one with the most readings: 1,424 readings = 178 measurements), 1,424
/// measurements, and the full table (300 patients). Noise from <see cref="SecureRandom"/>.
/// </summary>
public class LearningBenchmarks
{
    private DesignMatrix _data = null!;
    private ModelTrainer _ols = null!, _output = null!, _functional = null!, _adassp = null!;
    private FitContext _context = null!;
    private IReadOnlyList<EncodedColumn> _features = null!;
    private EncodedColumn _target = null!;

    /// <summary>Which rows: patient, 1424 or full.</summary>
    [Params("patient", "1424", "full")]
    public string Rows { get; set; } = "full";

    /// <summary>Generates the trial and encodes the rows.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var wide = ClinicalTrialReadings.ToMeasurements(ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 300 }).Readings);
        var temperatures = wide.ColumnNames.Where(c => c.Contains('_')).ToList();
        var bounds = new LearningBounds(temperatures.Select(t => ColumnBounds.Numeric(t, 20, 40)));
        var patient = wide["PatientId"];
        var largest = Enumerable.Range(0, wide.RowCount).GroupBy(r => patient.Codes[r]).MaxBy(g => g.Count())!.ToList();
        IReadOnlyList<int>? rows = Rows switch
        {
            "patient" => largest,
            "1424" => [.. Enumerable.Range(0, 1424)],
            _ => null,
        };
        _features = [.. temperatures.Where(t => t != "right_heel").Select(t => new EncodedColumn(t, 30, 10, true, null))];
        _target = new EncodedColumn("right_heel", 30, 10, true, null);
        _data = DesignMatrix.Build(wide, _features, _target, rows);
        _ols = Trainer.Find("linear", "none");
        _output = Trainer.Find("linear", "output");
        _functional = Trainer.Find("linear", "functional");
        _adassp = Trainer.Find("linear", "adassp");
        _context = new FitContext(1, 1e-6, 1, 0.1, SecureRandom.Instance, CancellationToken.None, _data.Rows);
        Console.WriteLine($"// rows: {_data.Rows:N0}, inputs: {_data.Width} (bounds {bounds.Columns.Count} columns)");
    }

    /// <summary>Non-private OLS (Householder QR).</summary>
    [Benchmark(Baseline = true)]
    public double[] Ols() => _ols.Fit(_data, _context with { Regularization = 0 }).Weights;

    /// <summary>Output perturbation (Chaudhuri et al. 2011), one fit.</summary>
    [Benchmark]
    public double[] OutputPerturbation() => _output.Fit(_data, _context).Weights;

    /// <summary>Output perturbation with 10-fold cross-validation and the final fit (the study's 44 ms case).</summary>
    [Benchmark]
    public int OutputPerturbationCv10() =>
        CrossValidation.Run(_data, _features, _target, _output, _context, 10, 1, null, CancellationToken.None).Count() + _output.Fit(_data, _context).Weights.Length;

    /// <summary>The Functional Mechanism (Zhang et al. 2012), one fit.</summary>
    [Benchmark]
    public double[] FunctionalMechanism() => _functional.Fit(_data, _context).Weights;

    /// <summary>AdaSSP (Wang 2018), one fit.</summary>
    [Benchmark]
    public double[] AdaSsp() => _adassp.Fit(_data, _context).Weights;
}
