using Sanitas.Learning.Neural;

namespace Sanitas.Tests.Learning.Neural;

public class NeuralTrainerTests
{
    [Fact]
    public void Logistic_regression_on_Pima_matches_R_glm()
    {
        // R 4.x: coef(glm(diabetes ~ ., family = binomial, data = PimaIndiansDiabetes)) (mlbench):
        // (Intercept) −8.4046964, pregnant 0.1231823, glucose 0.0351637, pressure −0.0132955,
        // triceps 0.0006190, insulin −0.0011917, mass 0.0897010, pedigree 0.9451797, age 0.0148690.
        double[] reference = [0.1231823, 0.0351637, -0.0132955, 0.0006190, -0.0011917, 0.0897010, 0.9451797, 0.0148690];
        const double referenceIntercept = -8.4046964;
        var raw = Pima.Load();
        var scaler = FeatureScaler.StandardizeFromData(raw);
        var model = MultilayerPerceptron.LogisticRegression(8);
        NeuralTrainer.Train(model, raw.Scaled(scaler), new NeuralTrainingOptions(Epochs: 3000, BatchSize: raw.Count, LearningRate: 0.05));
        var w = model.LayerWeights(1);
        var intercept = model.LayerBiases(1)[0];
        for (var j = 0; j < 8; j++)
        {
            // Back to raw units: β_j = w_j·s_j, β₀ = b − Σ w_j s_j m_j.
            var beta = w[j] * scaler.Scales[j];
            intercept -= beta * scaler.Offsets[j];
            Assert.True(Math.Abs(beta - reference[j]) <= 1e-4 * Math.Max(1, Math.Abs(reference[j]) * 100),
                $"{Pima.Features[j]}: {beta} vs R's {reference[j]}");
        }
        Assert.Equal(referenceIntercept, intercept, 3);
    }

    [Fact]
    public void Mlp_on_Pima_reaches_the_usual_cross_validated_accuracy()
    {
        // Published 10-fold accuracies on Pima are about 0.74–0.78 for logistic regression and small MLPs.
        var raw = Pima.Load();
        var folds = Pima.Folds(raw.Count, 5, seed: 11);
        var accuracies = new List<double>();
        for (var f = 0; f < folds.Length; f++)
        {
            var train = raw.Subset([.. folds.Where((_, i) => i != f).SelectMany(x => x)]);
            var test = raw.Subset(folds[f]);
            var scaler = FeatureScaler.StandardizeFromData(train);
            var network = new MultilayerPerceptron(8, [16], NeuralTask.BinaryClassification, seed: f + 1);
            NeuralTrainer.Train(network, train.Scaled(scaler), new NeuralTrainingOptions(Epochs: 60, BatchSize: 32, LearningRate: 0.005, L2: 1e-3));
            accuracies.Add(NeuralTrainer.Accuracy(network, test.Scaled(scaler)));
        }
        Assert.InRange(accuracies.Average(), 0.72, 0.82);
    }

    [Fact]
    public void Training_is_cancellable_and_reports_progress()
    {
        var data = Pima.Load();
        var network = new MultilayerPerceptron(8, [4], NeuralTask.BinaryClassification);
        var reports = new List<double>();
        NeuralTrainer.Train(network, data.Scaled(FeatureScaler.StandardizeFromData(data)), new NeuralTrainingOptions(Epochs: 3), new SyncProgress(reports));
        Assert.Equal([1.0 / 3, 2.0 / 3, 1.0], reports);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => NeuralTrainer.Train(network, data, new NeuralTrainingOptions(), null, cancelled.Token));
    }

    private sealed class SyncProgress(List<double> reports) : IProgress<double>
    {
        public void Report(double value) => reports.Add(value);
    }
}
