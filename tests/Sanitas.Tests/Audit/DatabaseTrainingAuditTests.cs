using System.Globalization;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Tests.Support;
using Xunit.Abstractions;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Black-box audit of training from a database table (<c>sanitas train --db --table</c>, the analyst setting):
/// the whole path — schema read, read of the used columns, missing values dropped or imputed, per-person
/// bounding to R rows, DP training with release-grade noise — run many times on a SQLite database D and on
/// D minus one person who has twelve rows (and a missing value). The empirical ε lower bound with
/// Clopper–Pearson intervals (<see cref="LearningAuditTests.EpsilonLowerBound"/>) must not exceed the claimed ε:
/// the person counts as R = 2 rows, not twelve; without the unit the same audit must exceed the claim (power).
/// </summary>
public sealed class DatabaseTrainingAuditTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Theory]
    [InlineData(MissingValuePolicy.Drop)]
    [InlineData(MissingValuePolicy.ImputePublic)]
    [Trait("Category", "Slow")]
    public async Task Removing_a_person_with_many_rows_from_the_table_stays_below_the_claimed_epsilon(MissingValuePolicy missing)
    {
        var (lowerBound, claimed) = await AuditAsync(missing, unit: "person");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train --db, missing {missing}, R = 2: claimed ε = {claimed:G4}, empirical lower bound {lowerBound:F3}"));
        Assert.True(lowerBound <= claimed, $"the empirical ε lower bound {lowerBound} exceeds the claimed {claimed}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_audit_catches_training_that_does_not_bound_the_person()
    {
        // Without the unit every row counts as a person: the person's twelve rows move the class count by 12, not R = 2,
        // so the claim (per row) is exceeded for that person; the audit must see it, or it could not see a broken bound.
        var (lowerBound, claimed) = await AuditAsync(MissingValuePolicy.Drop, unit: null);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train --db without a unit: claimed ε = {claimed:G4} per row, empirical lower bound for the person {lowerBound:F3}"));
        Assert.True(lowerBound > claimed, $"the audit found only ε ≥ {lowerBound} for a person counted twelve times");
    }

    /// <summary>
    /// Naive Bayes (ε/3 on the class counts, sensitivity R) on D and D minus the person, through the whole
    /// database path; the scalar is the released prior of class 1, which the person's class-0 rows move.
    /// </summary>
    private async Task<(double LowerBound, double Claimed)> AuditAsync(MissingValuePolicy missing, string? unit)
    {
        var d = await DatabaseAsync("d.sqlite", withPerson: true);
        var neighbour = await DatabaseAsync("n.sqlite", withPerson: false);
        var options = new TrainingOptions
        {
            Target = "y",
            Model = "naive-bayes",
            Mechanism = "output",
            Epsilon = 1,
            Unit = unit,
            MaxRowsPerUnit = unit is null ? 1 : 2,
            Missing = missing,
            Features = ["x"],
            Bounds = LearningBounds.Parse(new StringReader("x: [-1, 1]\ny: { categories: [0, 1] }\n"), "audit.yaml"),
        };
        var claimed = TrainingPlan.EpsilonOf(Trainer.Plan(options, ["person", "x", "y"]).Cost);
        var model = _folder.File("m.json");
        double[] Run(string database, int n) => [.. Enumerable.Range(0, n).Select(_ =>
        {
            var request = new TrainingRequest("", options, model, NoLedger: true) { Database = database, Table = "T" };
            return TrainingRun.RunAsync(request, SecureRandom.Instance).GetAwaiter().GetResult().Model.NaiveBayes!.Priors[1];
        })];
        return (LearningAuditTests.EpsilonLowerBound(n => Run(d, n), n => Run(neighbour, n), 0), claimed);
    }

    /// <summary>
    /// Nine persons with two rows each (x = −1 → class 0, x = 1 → class 1; one x missing), and in D one more
    /// person with twelve rows of class 0 plus one row with a missing x.
    /// </summary>
    private async Task<string> DatabaseAsync(string name, bool withPerson)
    {
        var (persons, xs, ys) = (new List<string?>(), new List<string?>(), new List<string?>());
        void Add(int person, string? x, string y)
        {
            persons.Add(person.ToString(CultureInfo.InvariantCulture));
            xs.Add(x);
            ys.Add(y);
        }
        for (var p = 0; p < 9; p++)
        {
            var (x, y) = p < 4 ? ("-1", "0") : ("1", "1");
            Add(p, x, y);
            Add(p, p == 4 ? null : x, y);
        }
        if (withPerson)
        {
            for (var i = 0; i < 12; i++)
            {
                Add(99, "1", "0");
            }
            Add(99, null, "0");
        }
        var table = new Table([Column.FromValues("person", persons, ColumnType.Integer), Column.FromValues("x", xs, ColumnType.Decimal), Column.FromValues("y", ys, ColumnType.Integer)]);
        var path = _folder.File(name);
        await SqliteTableWriter.WriteAsync(table, path, "T");
        return path;
    }
}
