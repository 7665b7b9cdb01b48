#pragma warning disable SAN0003 // DP-SGD's discrete noise under the continuous accountant: opted in deliberately.
using Sanitas.Learning.DpSgd;
using Sanitas.Learning.Neural;
using Sanitas.Privacy;
using Sanitas.Privacy.Renyi;
using Sanitas.Tests.Learning.Neural;

namespace Sanitas.Tests.Learning.DpSgd;

public class DpSgdTrainerTests
{
    [Fact]
    public void Plan_takes_its_epsilon_from_the_Renyi_accountant()
    {
        // TF Privacy's example shape: N = 60,000, B = 150, 15 epochs, σ = 1.3 → q = 0.0025, 6,000 steps.
        var plan = DpSgdTrainer.Plan(60_000, new DpSgdOptions(1e-5, NoiseMultiplier: 1.3, ExpectedBatchSize: 150, Epochs: 15));
        Assert.Equal(0.0025, plan.SamplingRate, 15);
        Assert.Equal(6000, plan.Steps);
        Assert.Equal(RenyiAccountant.Epsilon(0.0025, 1.3, 6000, 1e-5).Epsilon, plan.Privacy.Epsilon);
        Assert.Equal(0.7242, plan.Cost.Epsilon, 3); // the default (Opacus) orders include TF Privacy's optimum, α = 19
        Assert.Equal(new ApproximateDp(plan.Privacy.Epsilon, 1e-5), plan.Cost);
    }

    [Fact]
    public void Plan_for_a_target_epsilon_solves_sigma_and_stays_within_it()
    {
        var plan = DpSgdTrainer.Plan(768, new DpSgdOptions(1e-5, TargetEpsilon: 2, ExpectedBatchSize: 64, Epochs: 20));
        Assert.Equal(240, plan.Steps);
        Assert.True(plan.Cost.Epsilon <= 2);
        Assert.True(plan.Cost.Epsilon > 1.99);
        Assert.Equal(plan.Privacy.Epsilon, RenyiAccountant.Epsilon(64.0 / 768, plan.NoiseMultiplier, 240, 1e-5).Epsilon);
    }

    [Fact]
    public void Options_must_give_exactly_one_of_sigma_and_epsilon()
    {
        Assert.Throws<InvalidOptionException>(() => DpSgdTrainer.Plan(100, new DpSgdOptions(1e-5)));
        Assert.Throws<InvalidOptionException>(() => DpSgdTrainer.Plan(100, new DpSgdOptions(1e-5, NoiseMultiplier: 1, TargetEpsilon: 1)));
        Assert.Equal("Delta", Assert.Throws<ArgumentOutOfRangeException>(() => DpSgdTrainer.Plan(100, new DpSgdOptions(1, NoiseMultiplier: 1))).ParamName);
    }

    [Fact]
    public void Every_persons_contribution_is_clipped_to_C()
    {
        // Large targets give large regression gradients; several rows per person.
        var random = new Random(3);
        var rows = 60;
        var features = Enumerable.Range(0, rows * 3).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var targets = Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 1000).ToArray();
        var units = Enumerable.Range(0, rows).Select(r => r % 7).ToArray();
        var data = new NeuralDataset(features, 3, targets, units);
        var network = new MultilayerPerceptron(3, [5], NeuralTask.Regression, seed: 2);
        var slot = new DpSgdTrainer.ClippingSlot(network);
        for (var p = 0; p < data.PersonCount; p++)
        {
            var clipped = DpSgdTrainer.ClippedPersonGradient(network, data, p, 0.5, slot);
            var norm = Math.Sqrt(clipped.ToArray().Sum(g => g * g));
            Assert.True(norm <= 0.5 * (1 + 1e-12), $"person {p}: ‖g‖ = {norm}");
            Assert.True(norm > 0.49, "large gradients are scaled to exactly C");
        }
        // A small gradient is left alone: it is the mean of the person's row gradients.
        var small = new NeuralDataset([0.1, 0.2, 0.3, 0.1, 0.2, 0.3], 3, [0.0, 0.0], [1, 1]);
        var expected = new double[network.ParameterCount];
        network.LossAndGradient(small.Features(0), 0, expected, network.CreateWorkspace());
        var unclipped = DpSgdTrainer.ClippedPersonGradient(network, small, 0, 1e6, slot).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], unclipped[i], 14);
        }
    }

    [Fact]
    public void Noise_standard_deviation_is_sigma_times_C()
    {
        const double sigma = 1.3, clip = 0.5;
        var noise = new GradientNoise(sigma, clip, 50);
        Assert.Equal(sigma * clip, noise.StandardDeviation, 6);
        var random = new SeededRandomForTests(7);
        var values = new double[50];
        double sum = 0, sumSquares = 0;
        const int draws = 400;
        for (var d = 0; d < draws; d++)
        {
            Array.Fill(values, 0.25);
            noise.AddTo(values, random);
            foreach (var v in values)
            {
                sum += v - 0.25;
                sumSquares += (v - 0.25) * (v - 0.25);
            }
        }
        var n = draws * values.Length;
        var mean = sum / n;
        var std = Math.Sqrt((sumSquares / n) - (mean * mean));
        // 20,000 draws: the sample std is within 2% of σC with overwhelming probability (its relative SE is 0.5%).
        Assert.InRange(std, 0.98 * sigma * clip, 1.02 * sigma * clip);
        Assert.InRange(mean, -4 * sigma * clip / Math.Sqrt(n), 4 * sigma * clip / Math.Sqrt(n));
    }

    [Fact]
    public void The_cost_is_charged_before_training_and_an_over_budget_run_trains_nothing()
    {
        var data = Pima.Load();
        var options = new DpSgdOptions(1e-5, NoiseMultiplier: 1.0, ExpectedBatchSize: 64, Epochs: 1);
        var plan = DpSgdTrainer.Plan(data.PersonCount, options);
        var network = MultilayerPerceptron.LogisticRegression(8);
        var tight = new PrivacyAccountant(new ApproximateDp(plan.Cost.Epsilon / 2, 1e-4));
        Assert.Throws<BudgetExceededException>(() =>
            DpSgdTrainer.Train(network, data, Pima.Bounds(), plan, options, tight, new SeededRandomForTests(1)));
        Assert.All(network.Parameters.ToArray(), w => Assert.Equal(0, w));
        Assert.Equal(0, ((ApproximateDp)tight.Spent).Epsilon);

        var enough = new PrivacyAccountant(new ApproximateDp(10, 1e-4));
        DpSgdTrainer.Train(network, data, Pima.Bounds(), plan, options, enough, new SeededRandomForTests(1));
        Assert.Equal(plan.Cost, enough.Spent);
        Assert.Contains(network.Parameters.ToArray(), w => w != 0);
    }

    [Fact]
    public async Task An_async_charge_that_fails_leaves_the_model_untouched()
    {
        var data = Pima.Load();
        var options = new DpSgdOptions(1e-5, NoiseMultiplier: 1.0, Epochs: 1);
        var plan = DpSgdTrainer.Plan(data.PersonCount, options);
        var network = MultilayerPerceptron.LogisticRegression(8);
        ApproximateDp? charged = null;
        await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => DpSgdTrainer.TrainAsync(network, data, Pima.Bounds(), plan, options,
            (cost, _) => { charged = cost; throw new PrivacyBudgetExceededException("over budget"); }, new SeededRandomForTests(1)));
        Assert.Equal(plan.Cost, charged);
        Assert.All(network.Parameters.ToArray(), w => Assert.Equal(0, w));
    }

    [Fact]
    public void Data_fitted_scaling_is_refused_and_nothing_is_charged()
    {
        var data = Pima.Load();
        var options = new DpSgdOptions(1e-5, NoiseMultiplier: 1.0, Epochs: 1);
        var accountant = new PrivacyAccountant(new ApproximateDp(100, 0.1));
        var e = Assert.Throws<ArgumentException>(() => DpSgdTrainer.Train(MultilayerPerceptron.LogisticRegression(8), data,
            FeatureScaler.StandardizeFromData(data), DpSgdTrainer.Plan(768, options), options, accountant, SecureRandom.Instance));
        Assert.Contains("declared bounds", e.Message);
        Assert.Equal(0, ((ApproximateDp)accountant.Spent).Epsilon);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Accuracy_on_Pima_approaches_the_non_private_model_as_epsilon_grows()
    {
        var raw = Pima.Load();
        var folds = Pima.Folds(raw.Count, 4, seed: 5);
        double Evaluate(double? epsilon)
        {
            var accuracies = new List<double>();
            for (var f = 0; f < folds.Length; f++)
            {
                var train = raw.Subset([.. folds.Where((_, i) => i != f).SelectMany(x => x)]);
                var test = raw.Subset(folds[f]);
                var network = new MultilayerPerceptron(8, [16], NeuralTask.BinaryClassification, seed: f + 1);
                if (epsilon is null)
                {
                    NeuralTrainer.Train(network, train.Scaled(Pima.Bounds()), new NeuralTrainingOptions(Epochs: 30, BatchSize: 32, LearningRate: 0.01));
                    accuracies.Add(NeuralTrainer.Accuracy(network, test.Scaled(Pima.Bounds())));
                    continue;
                }
                var options = new DpSgdOptions(1e-5, TargetEpsilon: epsilon, ClippingNorm: 1, ExpectedBatchSize: 64, Epochs: 15, LearningRate: 0.02);
                var plan = DpSgdTrainer.Plan(train.PersonCount, options);
                var model = DpSgdTrainer.Train(network, train, Pima.Bounds(), plan, options,
                    new PrivacyAccountant(plan.Cost), new SeededRandomForTests((ulong)(f + 100)));
                accuracies.Add(model.Accuracy(test));
            }
            return accuracies.Average();
        }
        var baseline = Evaluate(null);
        var eight = Evaluate(8);
        var small = Evaluate(0.3);
        Assert.InRange(baseline, 0.72, 0.82);
        // ε = 8 comes within 5 points of the non-private network; ε = 0.3 does worse than ε = 8.
        Assert.True(eight >= baseline - 0.05, $"ε = 8: {eight:F3} vs non-private {baseline:F3}");
        Assert.True(small < eight, $"ε = 0.3: {small:F3} vs ε = 8: {eight:F3}");
    }
}
