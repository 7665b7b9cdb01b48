using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Tests.Support;

namespace Sanitas.Tests.Learning;

/// <summary>
/// <c>--missing error|drop|impute-public</c>: dropping equals training on the complete rows, imputing equals
/// training on the rows with the declared public value written in, the default names the place of a missing
/// value (not-private), and every refusal comes from metadata alone.
/// </summary>
public sealed class MissingValuesTests
{
    private static readonly LearningBounds Bounds = LearningBounds.Parse(new StringReader("""
        Age: [18, 90]
        Sex: { categories: [female, male], missing: male }
        Score: { range: [0, 10], missing: 4 }
        Value: [0, 100]
        """), "bounds.yaml");

    private static TrainingOptions Options(MissingValuePolicy missing, string mechanism = "none") => new()
    {
        Target = "Value",
        Model = "linear",
        Mechanism = mechanism,
        Epsilon = mechanism == "none" ? 0 : 1,
        Features = ["Age", "Sex", "Score"],
        Missing = missing,
        Bounds = Bounds,
    };

    private static Table Replace(Table table, Func<string, string?, string?> map) =>
        new(table.Columns.Select(c => Column.FromValues(c.Name, Enumerable.Range(0, c.RowCount).Select(r => map(c.Name, c[r])), c.Type)));

    private static Table Rows(Table table, IEnumerable<int> rows)
    {
        var kept = rows.ToArray();
        return new(table.Columns.Select(c => Column.FromValues(c.Name, kept.Select(r => c[r]), c.Type)));
    }

    private static Table WithMissingSex(Table table)
    {
        var i = 0;
        return Replace(table, (name, value) => name == "Sex" && i++ % 11 == 3 ? null : value);
    }

    private static void AssertSameModel(TrainedModel expected, TrainedModel actual)
    {
        foreach (var (name, value) in expected.Coefficients)
        {
            Assert.Equal(value, actual.Coefficients[name], 10);
        }
        Assert.Equal(expected.Intercept!.Value, actual.Intercept!.Value, 10);
    }

    [Fact]
    public void Drop_trains_exactly_the_model_of_the_complete_rows()
    {
        var table = WithMissingSex(DatabaseTrainingTests.Visits());
        var complete = Enumerable.Range(0, table.RowCount).Where(r => table["Score"][r] is not null && table["Sex"][r] is not null).ToList();
        Assert.InRange(table.RowCount - complete.Count, 20, table.RowCount / 3);
        var dropped = Trainer.Train(table, Options(MissingValuePolicy.Drop), SecureRandom.Instance);
        var reference = Trainer.Train(Rows(table, complete), Options(MissingValuePolicy.Error), SecureRandom.Instance);
        AssertSameModel(reference, dropped);
    }

    [Fact]
    public void Impute_public_writes_in_the_declared_value_or_the_middle_of_the_range_never_a_statistic_of_the_data()
    {
        var table = WithMissingSex(DatabaseTrainingTests.Visits());
        var imputed = Trainer.Train(table, Options(MissingValuePolicy.ImputePublic), SecureRandom.Instance);
        var reference = Trainer.Train(Replace(table, (name, value) => value ?? (name == "Score" ? "4" : "male")), Options(MissingValuePolicy.Error), SecureRandom.Instance);
        AssertSameModel(reference, imputed);

        // Without a declared 'missing:', the middle of the range (5) and the first category (female).
        var plain = LearningBounds.Parse(new StringReader("Age: [18, 90]\nSex: [female, male]\nScore: [0, 10]\nValue: [0, 100]\n"), "plain.yaml");
        var middle = Trainer.Train(table, Options(MissingValuePolicy.ImputePublic) with { Bounds = plain }, SecureRandom.Instance);
        var middleReference = Trainer.Train(Replace(table, (name, value) => value ?? (name == "Score" ? "5" : "female")), Options(MissingValuePolicy.Error) with { Bounds = plain }, SecureRandom.Instance);
        AssertSameModel(middleReference, middle);
    }

    [Fact]
    public void The_model_file_records_the_policy_and_prediction_imputes_the_declared_value_only_under_impute_public()
    {
        using var folder = new TempFolder();
        var table = WithMissingSex(DatabaseTrainingTests.Visits());
        var imputed = Trainer.Train(table, Options(MissingValuePolicy.ImputePublic), SecureRandom.Instance);
        var path = folder.File("imputed.json");
        ModelFile.Save(imputed, path);
        var json = File.ReadAllText(path);
        Assert.Contains("\"policy\": \"impute-public\"", json, StringComparison.Ordinal);
        var loaded = ModelFile.Load(path);
        Assert.Equal(MissingValuePolicy.ImputePublic, loaded.Missing);
        Assert.Equal(new Dictionary<string, string> { ["Age"] = "54", ["Sex"] = "male", ["Score"] = "4" }, loaded.Imputed);

        // A row with a missing Sex predicts exactly as the same row with the declared value written in.
        var probe = Rows(table, [0, 1, 2]);
        var missing = Replace(probe, (name, value) => name == "Sex" ? null : value);
        var written = Replace(probe, (name, value) => name == "Sex" ? "male" : value);
        Assert.Equal(loaded.Predict(written), loaded.Predict(missing));

        // Trained with drop (or the default), the model has no value to put there: an error naming row and column.
        var dropped = Trainer.Train(table, Options(MissingValuePolicy.Drop), SecureRandom.Instance);
        ModelFile.Save(dropped, path);
        var reloaded = ModelFile.Load(path);
        Assert.Equal(MissingValuePolicy.Drop, reloaded.Missing);
        Assert.Null(reloaded.Imputed);
        var e = Assert.Throws<LearningException>(() => reloaded.Predict(missing));
        Assert.Contains("Column 'Sex', row 1: the value is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_file_without_a_missing_section_reads_as_the_error_policy()
    {
        using var folder = new TempFolder();
        var model = Trainer.Train(DatabaseTrainingTests.Visits(), Options(MissingValuePolicy.Drop), SecureRandom.Instance);
        var node = System.Text.Json.Nodes.JsonNode.Parse(ModelFile.ToJson(model))!.AsObject();
        Assert.True(node.Remove("missing"));
        var path = folder.File("old.json");
        File.WriteAllText(path, node.ToJsonString());
        Assert.Equal(MissingValuePolicy.Error, ModelFile.Load(path).Missing);

        node["missing"] = new System.Text.Json.Nodes.JsonObject { ["policy"] = "impute-public" };
        File.WriteAllText(path, node.ToJsonString());
        var e = Assert.Throws<LearningException>(() => ModelFile.Load(path));
        Assert.Contains("old.json: not a Sanitas model file ('values' is missing)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Impute_public_refuses_a_used_column_without_declared_bounds_before_anything_is_read()
    {
        var options = Options(MissingValuePolicy.ImputePublic) with { Bounds = LearningBounds.Parse(new StringReader("Age: [18, 90]\nValue: [0, 100]\n"), "few.yaml") };
        var e = Assert.Throws<LearningException>(() => Trainer.Plan(options, ["Age", "Sex", "Score", "Value"]));
        Assert.Contains("`missing` impute-public: column 'Sex' has no declared bounds in few.yaml", e.Message);
    }

    [Theory]
    [InlineData("Score: { range: [0, 10], missing: 11 }\n", "line 1, column 35", "must be a number in its range [0, 10]")]
    [InlineData("Sex: { categories: [f, m], missing: x }\n", "line 1, column 37", "must be one of its categories [f, m]")]
    [InlineData("Score: { range: [0, 10], categories: [a, b] }\n", "line 1, column 38", "not both")]
    [InlineData("Score: { missing: 3 }\n", "line 1, column 8", "need 'range: [min, max]' or 'categories: [...]'")]
    [InlineData("Score: { range: [0, x] }\n", "line 1, column 17", "must be two numbers")]
    public void A_declared_missing_value_must_be_in_the_declared_domain(string yaml, string place, string reason)
    {
        var e = Assert.Throws<ConfigException>(() => LearningBounds.Parse(new StringReader(yaml), "bounds.yaml"));
        Assert.Contains("bounds.yaml, " + place, e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public async Task The_default_names_the_file_line_and_column_of_a_missing_value_in_a_not_private_run()
    {
        using var folder = new TempFolder();
        var csv = folder.File("visits.csv");
        // A quoted value over two lines and a blank line come first: the line is the file's, not the row's.
        await File.WriteAllTextAsync(csv, "Age,Sex,Score,Value,Notes\n30,male,1,40,\"two\nlines\"\n\n40,female,2,45,x\n50,male,,50,x\n60,female,3,55,x\n");
        var request = new TrainingRequest(csv, Options(MissingValuePolicy.Error) with { Features = ["Age", "Score"], Folds = 0 }, folder.File("m.json"), NotPrivate: true);
        var e = await Assert.ThrowsAsync<LearningException>(() => TrainingRun.RunAsync(request, SecureRandom.Instance));
        Assert.StartsWith("visits.csv, line 6, column 'Score': the value is missing", e.Message);
        Assert.False(File.Exists(folder.File("m.json")));
        var dropped = await TrainingRun.RunAsync(request with { Options = request.Options with { Missing = MissingValuePolicy.Drop } }, SecureRandom.Instance);
        Assert.Equal(3, dropped.Model.Release.Rows!.Value);
    }

    [Fact]
    public async Task Cross_validation_too_small_to_fit_a_fold_is_a_learning_error_not_an_internal_one()
    {
        using var folder = new TempFolder();
        var csv = folder.File("tiny.csv");
        await File.WriteAllTextAsync(csv, "Age,Sex,Score,Value\n30,male,1,40\n40,female,2,45\n60,female,3,55\n");
        // Three rows and five folds of a three-parameter model: the default cross-validation cannot fit.
        var request = new TrainingRequest(csv, Options(MissingValuePolicy.Error) with { Features = ["Age", "Score"], Folds = null }, folder.File("m.json"), NotPrivate: true);
        var e = await Assert.ThrowsAsync<LearningException>(() => TrainingRun.RunAsync(request, SecureRandom.Instance));
        Assert.Contains("cross-validation could not fit a fold of 3 rows", e.Message);
        Assert.False(File.Exists(folder.File("m.json")));
    }

    [Fact]
    public void Dropping_before_per_person_bounding_keeps_at_most_R_complete_rows_per_person()
    {
        var table = WithMissingSex(DatabaseTrainingTests.Visits());
        var complete = Trainer.CompleteRows(table, ["Sex", "Score"]).ToHashSet();
        var kept = ContributionBounding.SampleRows(table["PatientId"], 2, SecureRandom.Instance, [.. complete.Order()]);
        Assert.All(kept, r => Assert.Contains(r, complete));
        Assert.All(kept.GroupBy(r => table["PatientId"][r]), g => Assert.InRange(g.Count(), 1, 2));
        // Every person with a complete row keeps at least one.
        Assert.Equal(complete.Select(r => table["PatientId"][r]).Distinct().Count(), kept.Select(r => table["PatientId"][r]).Distinct().Count());
    }

    [Fact]
    public void A_DP_run_that_drops_rows_never_uses_or_releases_the_count_of_the_rows_kept()
    {
        var table = WithMissingSex(DatabaseTrainingTests.Visits());
        var estimated = Trainer.Train(table, Options(MissingValuePolicy.Drop, "output") with { Regularization = 0.1 }, SecureRandom.Instance);
        Assert.Equal(RowCount.DpEstimate, estimated.Release.Rows!.Source);
        var declared = Trainer.Train(table, Options(MissingValuePolicy.Drop, "output") with { Bounds = Bounds.WithPublicRows(250) }, SecureRandom.Instance);
        Assert.Equal(RowCount.DeclaredPublic, declared.Release.Rows!.Source);
        Assert.Equal(250, declared.Release.Rows.Value);
        Assert.Equal(1.0, declared.Release.Epsilon, 12);
    }
}
