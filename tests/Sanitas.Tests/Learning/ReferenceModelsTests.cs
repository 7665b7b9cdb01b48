using MathNet.Numerics.LinearAlgebra;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Learning;

/// <summary>Non-private models against R's reference fits on the shared data sets.</summary>
public sealed class ReferenceModelsTests
{
    private static readonly Table Diabetes = CsvReader.Read(SharedData.File("sklearn_diabetes_raw.csv"));
    private static readonly Table Pima = CsvReader.Read(SharedData.File("mlbench_PimaIndiansDiabetes.csv"));

    private static TrainedModel Fit(Table table, string target, string model, int folds = 0) =>
        Trainer.Train(table, new TrainingOptions { Target = target, Model = model, Folds = folds }, new SeededRandomForTests(1));

    [Fact]
    public void Ols_on_sklearn_diabetes_matches_R_lm()
    {
        // R 4.2.2: coef(lm(target ~ ., data = read.csv("sklearn_diabetes_raw.csv")))
        var model = Fit(Diabetes, "target", "linear");
        Assert.Equal(-334.567138518791, model.Intercept!.Value, 8);
        Assert.Equal(5.60296209192371, model.Coefficients["bmi"], 10);
        // summary(lm(...)) to 4 decimals (Efron et al. 2004's raw diabetes data): s5 68.4831, sex -22.8596.
        Assert.Equal(68.4831, model.Coefficients["s5"], 4);
        Assert.Equal(-22.8596, model.Coefficients["sex"], 4);
    }

    [Fact]
    public void Ols_QR_agrees_with_the_normal_equations_on_every_coefficient()
    {
        var model = Fit(Diabetes, "target", "linear");
        var names = Diabetes.ColumnNames.Where(c => c != "target").ToList();
        var x = Matrix<double>.Build.Dense(Diabetes.RowCount, names.Count + 1, (i, j) => j == 0 ? 1 : double.Parse(Diabetes[names[j - 1]][i]!, System.Globalization.CultureInfo.InvariantCulture));
        var y = Vector<double>.Build.Dense(Diabetes.RowCount, i => double.Parse(Diabetes["target"][i]!, System.Globalization.CultureInfo.InvariantCulture));
        var beta = (x.TransposeThisAndMultiply(x)).Solve(x.TransposeThisAndMultiply(y));
        Assert.Equal(beta[0], model.Intercept!.Value, 6);
        for (var j = 0; j < names.Count; j++)
        {
            Assert.Equal(beta[j + 1], model.Coefficients[names[j]], 1e-6 * Math.Max(1, Math.Abs(beta[j + 1])));
        }
    }

    [Fact]
    public void Logistic_on_Pima_matches_R_glm()
    {
        // R 4.2.2: coef(glm(diabetes ~ ., family = binomial, data = PimaIndiansDiabetes)) (mlbench 2.1-3); classes neg < pos.
        var model = Fit(Pima, "diabetes", "logistic");
        Assert.Equal(["neg", "pos"], model.Target.Categories!);
        Assert.Equal(-8.40469636691316, model.Intercept!.Value, 6);
        // summary(glm(...)) prints the other coefficients to 7 significant digits:
        var expected = new Dictionary<string, double>
        {
            ["pregnant"] = 0.1231823,
            ["glucose"] = 0.0351637,
            ["pressure"] = -0.0132955,
            ["triceps"] = 0.0006190,
            ["insulin"] = -0.0011917,
            ["mass"] = 0.0897010,
            ["pedigree"] = 0.9451797,
            ["age"] = 0.0148690,
        };
        foreach (var (name, value) in expected)
        {
            Assert.Equal(value, model.Coefficients[name], 1e-7 + (1e-6 * Math.Abs(value)));
        }
    }

    [Fact]
    public void Logistic_gradient_vanishes_at_the_fit()
    {
        var model = Fit(Pima, "diabetes", "logistic");
        var data = DesignMatrix.Build(Pima, model.Features, model.Target);
        var p = model.Predict(data);
        var d = data.Width;
        for (var j = 0; j < d; j++)
        {
            double g = 0;
            for (var i = 0; i < data.Rows; i++)
            {
                g += (p[i] - data.Y[i]) * data.Row(i)[j];
            }
            Assert.True(Math.Abs(g) < 1e-6, $"gradient {j} = {g}");
        }
    }

    [Fact]
    public void Ridge_shrinks_and_zero_ridge_is_ols()
    {
        var ols = Fit(Diabetes, "target", "linear");
        var ridge = Trainer.Train(Diabetes, new TrainingOptions { Target = "target", Model = "linear", Regularization = 100, Folds = 0 }, new SeededRandomForTests(1));
        var olsNorm = ols.Weights.Skip(1).Sum(w => w * w);
        var ridgeNorm = ridge.Weights.Skip(1).Sum(w => w * w);
        Assert.True(ridgeNorm < olsNorm);
    }

    [Fact]
    public void Cross_validated_metrics_are_reported_for_regression_and_classification()
    {
        var linear = Fit(Diabetes, "target", "linear", folds: 10);
        // 10-fold CV of lm on this data set: R² ≈ 0.48–0.50 (in-sample R² is 0.518).
        Assert.InRange(linear.Metrics["r2"], 0.44, 0.52);
        Assert.InRange(linear.Metrics["mse"], 2800, 3200);
        var logistic = Fit(Pima, "diabetes", "logistic", folds: 10);
        Assert.InRange(logistic.Metrics["accuracy"], 0.75, 0.80);
        Assert.InRange(logistic.Metrics["auc"], 0.80, 0.86);
        var bayes = Fit(Pima, "diabetes", "naive-bayes", folds: 10);
        Assert.InRange(bayes.Metrics["accuracy"], 0.72, 0.79);
    }
}
