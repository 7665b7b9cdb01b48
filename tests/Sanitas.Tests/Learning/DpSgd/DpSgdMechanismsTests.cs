using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Learning.DpSgd;

public class DpSgdMechanismsTests
{
    private static readonly Table Pima = CsvReader.Read(SharedData.File("mlbench_PimaIndiansDiabetes.csv"));

    private static LearningBounds Bounds() => LearningBounds.Parse(new StringReader("""
        pregnant: [0, 17]
        glucose: [0, 200]
        pressure: [0, 125]
        triceps: [0, 100]
        insulin: [0, 850]
        mass: [0, 70]
        pedigree: [0, 2.5]
        age: [20, 85]
        diabetes: [neg, pos]
        """), "pima-bounds.yaml");

    [Fact]
    [Trait("Category", "Slow")]
    public void Logistic_dpsgd_is_offered_by_the_trainer_and_charges_the_requested_epsilon_delta()
    {
        var options = new TrainingOptions
        {
            Target = "diabetes",
            Model = "logistic",
            Mechanism = "dpsgd",
            Epsilon = 8,
            Delta = 1e-5,
            Bounds = Bounds().WithPublicRows(768),
            AllowExperimental = true,
        };
        Assert.Equal((8.0, 1e-5), Trainer.Validate(options, [.. Pima.ColumnNames]));
        Assert.True(Trainer.IsPrivate("logistic", "dpsgd"));
        Assert.Contains("experimental", Assert.Throws<LearningException>(() => Trainer.Validate(options with { AllowExperimental = false }, [.. Pima.ColumnNames])).Message);
        // Accuracy measured on Pima itself, passed as a test set (a utility check, not a held-out estimate).
        var model = Trainer.Train(Pima, options, new SeededRandomForTests(4), test: Pima, testName: "pima");
        Assert.Equal(MetricsReport.TestSet, model.Release.Metrics!.Source);
        Assert.Equal(new RowCount(768, RowCount.DeclaredPublic), model.Release.Rows);
        Assert.Contains(model.Release.Experimental, e => e.StartsWith("SAN0003", StringComparison.Ordinal));
        Assert.Equal("dpsgd", model.Mechanism);
        Assert.Equal(8, model.Epsilon);
        Assert.Equal(1e-5, model.Delta);
        // Non-private logistic regression reaches about 0.77 on Pima; DP-SGD at ε = 8 comes close.
        Assert.InRange(model.Metrics["accuracy"], 0.70, 0.82);
        Assert.True(model.Coefficients["glucose"] > 0, "glucose raises the odds of diabetes, as in R's glm");
    }

    [Fact]
    public void Logistic_dpsgd_needs_delta_bounds_and_one_row_per_person()
    {
        var options = new TrainingOptions { Target = "diabetes", Model = "logistic", Mechanism = "dpsgd", Epsilon = 1, Bounds = Bounds(), AllowExperimental = true };
        Assert.Contains("`delta` must be in (0, 1)", Assert.Throws<LearningException>(() => Trainer.Validate(options, [.. Pima.ColumnNames])).Message);
        var unbounded = options with { Delta = 1e-5, Bounds = LearningBounds.None };
        Assert.Contains("has no bounds", Assert.Throws<LearningException>(() => Trainer.Validate(unbounded, [.. Pima.ColumnNames])).Message);
        var rows = options with { Delta = 1e-5, Unit = "age", MaxRowsPerUnit = 3 };
        Assert.Contains("at most 1 row(s) per person", Assert.Throws<LearningException>(() => Trainer.Validate(rows, [.. Pima.ColumnNames])).Message);
    }

    [Fact]
    public void Mlp_dpsgd_costs_the_requested_epsilon_and_delta_and_needs_one_row_per_person()
    {
        var options = new TrainingOptions { Target = "diabetes", Model = "mlp", Mechanism = "dpsgd", Epsilon = 1, Delta = 1e-5, Bounds = Bounds(), AllowExperimental = true };
        Assert.Equal((1.0, 1e-5), Trainer.Validate(options, [.. Pima.ColumnNames]));
        Assert.Contains("`delta` must be in (0, 1)", Assert.Throws<LearningException>(() => Trainer.Validate(options with { Delta = 0 }, [.. Pima.ColumnNames])).Message);
        var rows = options with { Unit = "age", MaxRowsPerUnit = 3 };
        Assert.Contains("at most 1 row(s) per person", Assert.Throws<LearningException>(() => Trainer.Validate(rows, [.. Pima.ColumnNames])).Message);
    }
}
