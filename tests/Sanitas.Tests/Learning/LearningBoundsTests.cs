using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;

namespace Sanitas.Tests.Learning;

public sealed class LearningBoundsTests
{
    [Fact]
    public void Reads_numeric_ranges_and_category_sets()
    {
        var bounds = LearningBounds.Parse(new StringReader("""
            Age: [18, 100]
            Sex: [female, male]
            DiabetesType: { categories: [1, 2] }
            """), "b.yaml");
        Assert.Equal(ColumnBounds.Numeric("Age", 18, 100), bounds["Age"]);
        Assert.Equal(["female", "male"], bounds["Sex"]!.Categories!);
        Assert.Equal(["1", "2"], bounds["DiabetesType"]!.Categories!);
        Assert.Null(bounds["Other"]);
    }

    [Theory]
    [InlineData("Age: [18, 100]\nSex: [male]\n", "line 2, column 6", "at least two categories")]
    [InlineData("Age: [100, 18]\n", "line 1, column 6", "min < max")]
    [InlineData("Age: [1, 2, 3]\n", "line 1, column 6", "[min, max]")]
    [InlineData("Age: 18\n", "line 1, column 6", "must be a list")]
    [InlineData("Age: [18, 100\n", "line 2", "")]
    [InlineData("Sex: [male, male]\n", "line 1, column 13", "listed twice")]
    public void Errors_name_the_file_line_and_column(string yaml, string place, string reason)
    {
        var e = Assert.Throws<ConfigException>(() => LearningBounds.Parse(new StringReader(yaml), "bounds.yaml"));
        Assert.Contains("bounds.yaml, " + place, e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_DP_mechanism_without_bounds_for_a_used_column_names_it()
    {
        var bounds = LearningBounds.Parse(new StringReader("x: [0, 1]\n"), "b.yaml");
        var e = Assert.Throws<LearningException>(() => Trainer.Validate(
            new TrainingOptions { Target = "y", Model = "linear", Mechanism = "functional", Epsilon = 1, Bounds = bounds }, ["x", "y"]));
        Assert.Contains("Column 'y'", e.Message);
        Assert.Contains("no bounds in b.yaml", e.Message);
    }

    [Fact]
    public void Under_DP_a_value_outside_the_declared_categories_counts_as_the_reference_level_and_is_never_echoed()
    {
        // After the charge nothing may name a value or a row: 'other' is mapped to the first declared
        // category (female), exactly as if the row said 'female'.
        Table Table(string third) => new(
        [
            Column.FromValues("Sex", ["male", "female", third]),
            Column.FromValues("y", ["1", "2", "3"], ColumnType.Integer),
        ]);
        var bounds = LearningBounds.Parse(new StringReader("Sex: [female, male]\ny: [0, 5]\n"), "b.yaml");
        var options = new TrainingOptions { Target = "y", Model = "linear", Mechanism = "functional", Epsilon = 1, Bounds = bounds };
        var mapped = Trainer.Train(Table("other"), options, new SeededRandomForTests(1));
        var reference = Trainer.Train(Table("female"), options, new SeededRandomForTests(1));
        Assert.Equal(reference.Weights, mapped.Weights);
        // Without privacy (the data owner's own run) the same value is a clear error naming the row.
        var e = Assert.Throws<LearningException>(() => Trainer.Train(Table("other"),
            new TrainingOptions { Target = "y", Model = "linear", Bounds = bounds, Folds = 0 }, new SeededRandomForTests(1)));
        Assert.Contains("Column 'Sex', row 3: the value 'other' is not one of the declared categories [female, male]", e.Message);
    }

    [Fact]
    public void One_hot_encoding_uses_the_declared_reference_level()
    {
        var table = new Table(
        [
            Column.FromValues("Sex", ["male", "female", "male", "female"]),
            Column.FromValues("y", ["3", "1", "3", "1"], ColumnType.Integer),
        ]);
        var model = Trainer.Train(table, new TrainingOptions { Target = "y", Model = "linear", Folds = 0 }, new SeededRandomForTests(1));
        Assert.Equal(2, model.Coefficients["Sex=male"], 9);
        Assert.Equal(1, model.Intercept!.Value, 9);
    }

    [Theory]
    [InlineData("mlp", "output", "does not apply to the mlp model; mechanisms for mlp: none, dpsgd")]
    [InlineData("naive-bayes", "dpsgd", "not available in this build")]
    [InlineData("linear", "dpsgd", "not available in this build")]
    [InlineData("linear", "objective", "does not apply to the linear model")]
    [InlineData("forest", "none", "Unknown model 'forest'")]
    [InlineData("linear", "empirical-baseline-not-dp", "not differentially private")]
    public void Unavailable_or_unknown_pairs_are_clear_errors(string model, string mechanism, string message)
    {
        var e = Assert.Throws<LearningException>(() => Trainer.Validate(new TrainingOptions { Target = "y", Model = model, Mechanism = mechanism, Epsilon = 1 }, ["x", "y"]));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Objective_perturbation_refuses_more_than_one_row_per_person()
    {
        var bounds = LearningBounds.Parse(new StringReader("x: [0, 1]\ny: [a, b]\n"), "b.yaml");
        var e = Assert.Throws<LearningException>(() => Trainer.Validate(
            new TrainingOptions { Target = "y", Model = "logistic", Mechanism = "objective", Epsilon = 1, Bounds = bounds, Unit = "id", MaxRowsPerUnit = 5 }, ["id", "x", "y"]));
        Assert.Contains("`maxRowsPerUnit` 1", e.Message);
    }
}
