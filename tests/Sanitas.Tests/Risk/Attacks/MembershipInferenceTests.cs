using Sanitas.Data;
using Sanitas.Risk.Attacks;
using Xunit.Abstractions;

namespace Sanitas.Tests.Risk.Attacks;

public sealed class MembershipInferenceTests(ITestOutputHelper output)
{
    // Two overlapping Gaussian classes in 4 dimensions with 20% label noise: a model that
    // memorizes its training rows is right on them and often wrong elsewhere.
    private static LabelledRows Population(int count, int seed)
    {
        var random = new Random(seed);
        var features = new double[count][];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var y = random.Next(2);
            features[i] = [.. Enumerable.Range(0, 4).Select(_ => (y == 1 ? 0.7 : 0) + Gaussian(random))];
            labels[i] = random.NextDouble() < 0.2 ? 1 - y : y;
        }
        return new LabelledRows(features, labels);
    }

    // A memorizing 1-nearest-neighbour classifier: probability 0.99 for its neighbour's label.
    private static Func<double[], double[]> OneNearestNeighbour(LabelledRows training) => x =>
    {
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i < training.Count; i++)
        {
            var d = 0.0;
            for (var j = 0; j < x.Length; j++)
            {
                d += (x[j] - training.Features[i][j]) * (x[j] - training.Features[i][j]);
            }
            if (d < bestDistance)
            {
                bestDistance = d;
                best = i;
            }
        }
        return training.Labels[best] == 0 ? [0.99, 0.01] : [0.01, 0.99];
    };

    private static Func<double[], double[]> Logistic(LabelledRows training) => SoftmaxRegression.Train(training, 2, l2: 0.01, iterations: 100).Predict;

    [Fact]
    public void Loss_threshold_exposes_a_memorizing_model()
    {
        var members = Population(500, 1);
        var nonMembers = Population(500, 2);
        var result = MembershipInference.LossThreshold(OneNearestNeighbour(members), members, nonMembers);
        output.WriteLine($"1-NN loss threshold: AUC {result.Auc:0.000} [{result.AucInterval.Lower:0.000}, {result.AucInterval.Upper:0.000}], TPR@1% {result.TprAtOnePercent:0.000}");
        // Members are all classified right (loss −log 0.99); about a third of non-members are not.
        Assert.True(result.Auc > 0.6, $"AUC {result.Auc}");
        Assert.True(result.AucInterval.Lower > 0.5);
        Assert.Equal("membership", result.Result.Kind);
        Assert.Equal(0.5, result.Result.Baseline);
        Assert.Equal(result.Auc, result.Result.SuccessRate);
    }

    [Fact]
    public void Loss_threshold_finds_little_in_a_regularized_linear_model()
    {
        var members = Population(2000, 3);
        var nonMembers = Population(2000, 4);
        var result = MembershipInference.LossThreshold(Logistic(members), members, nonMembers);
        output.WriteLine($"logistic loss threshold: AUC {result.Auc:0.000}");
        Assert.InRange(result.Auc, 0.45, 0.55);
    }

    [Fact]
    public void Shadow_models_expose_a_memorizing_model()
    {
        var members = Population(400, 5);
        var nonMembers = Population(400, 6);
        var shadow = Population(800, 7);
        var result = MembershipInference.ShadowModels(OneNearestNeighbour(members), members, nonMembers, shadow, OneNearestNeighbour, shadowModels: 2);
        output.WriteLine($"1-NN shadow: AUC {result.Auc:0.000}, TPR@1% {result.TprAtOnePercent:0.000}");
        Assert.True(result.Auc > 0.6, $"AUC {result.Auc}");
        Assert.Equal("shadow-model", result.Attack);
    }

    [Fact]
    public void Shadow_models_find_little_in_a_regularized_linear_model()
    {
        var members = Population(1000, 8);
        var nonMembers = Population(1000, 9);
        var shadow = Population(2000, 10);
        var result = MembershipInference.ShadowModels(Logistic(members), members, nonMembers, shadow, Logistic, shadowModels: 2);
        output.WriteLine($"logistic shadow: AUC {result.Auc:0.000}");
        Assert.InRange(result.Auc, 0.44, 0.56);
    }

    [Fact]
    public void A_synthetic_table_copying_its_input_gives_dcr_auc_one()
    {
        var training = Records(300, 11);
        var holdout = Records(300, 12);
        var result = MembershipInference.DistanceToClosestRecord(training, holdout, training);
        Assert.Equal(1.0, result.Auc, 12);
        Assert.Equal(1.0, result.TprAtOnePercent, 12);
    }

    [Fact]
    public void Independent_synthetic_draws_give_dcr_auc_near_one_half()
    {
        var training = Records(500, 13);
        var holdout = Records(500, 14);
        var synthetic = Records(500, 15);
        var result = MembershipInference.DistanceToClosestRecord(training, holdout, synthetic);
        output.WriteLine($"independent DCR: AUC {result.Auc:0.000} [{result.AucInterval.Lower:0.000}, {result.AucInterval.Upper:0.000}]");
        Assert.InRange(result.Auc, 0.45, 0.55);
    }

    [Fact]
    public void A_column_missing_from_the_synthetic_table_is_named()
    {
        var training = Records(5, 1);
        var synthetic = new Table([training["age"]]);
        var e = Assert.Throws<InvalidOptionException>(() => MembershipInference.DistanceToClosestRecord(training, training, synthetic));
        Assert.Contains("Column 'sex' is not in the synthetic table", e.Message, StringComparison.Ordinal);
    }

    // A small patients-like table: age, score and BMI (numbers), sex and disease (categories).
    private static Table Records(int count, int seed)
    {
        var random = new Random(seed);
        string[] diseases = ["Ulcer", "Gait", "Macroangiopathy", "Fasciitis", "Angiopathy", "Arthrosis"];
        var age = new string?[count];
        var sex = new string?[count];
        var disease = new string?[count];
        var score = new string?[count];
        var bmi = new string?[count];
        for (var i = 0; i < count; i++)
        {
            age[i] = Math.Round(67 + (9 * Gaussian(random))).ToString(System.Globalization.CultureInfo.InvariantCulture);
            sex[i] = random.NextDouble() < 0.62 ? "male" : "female";
            disease[i] = diseases[random.Next(diseases.Length)];
            score[i] = random.Next(11).ToString(System.Globalization.CultureInfo.InvariantCulture);
            bmi[i] = (27 + (4 * Gaussian(random))).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        }
        return new Table([Column.FromValues("age", age), Column.FromValues("sex", sex), Column.FromValues("disease", disease), Column.FromValues("score", score), Column.FromValues("bmi", bmi)]);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
