using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Models;

public class KAnonymityTests
{
    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(5, 5, true)]
    [InlineData(5, 4, false)]
    [InlineData(5, 6, true)]
    [InlineData(100, 99, false)]
    public void A_class_passes_when_it_holds_at_least_k_records(int k, int size, bool expected) =>
        Assert.Equal(expected, CriterionHarness.AcceptsSize(new KAnonymity(k), size));

    [Fact]
    public void Is_monotonic_and_needs_classes_of_k()
    {
        var model = new KAnonymity(7);
        Assert.True(model.IsMonotonicWithSuppression);
        Assert.True(model.IsMonotonicWithGeneralization);
        Assert.Equal(7, model.MinimalClassSize);
        Assert.Null(model.SensitiveAttribute);
        Assert.Equal("k-anonymity", model.Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void K_below_one_is_rejected_with_its_value(int k)
    {
        var error = Assert.Throws<InvalidOptionException>(() => new KAnonymity(k).Validate());
        Assert.Equal($"k-anonymity: k must be at least 1, got {k}.", error.Message);
    }

    [Fact]
    public void The_anonymizer_reports_an_invalid_k_as_a_configuration_error()
    {
        var config = TestConfig(new KAnonymity(0));
        var error = Assert.Throws<AnonymizationException>(() => Anonymizer.Anonymize(SmallData.Test, config));
        Assert.Equal("k-anonymity: k must be at least 1, got 0.", error.Message);
        Assert.IsType<InvalidOptionException>(error.InnerException);
    }

    [Fact]
    public void A_k_larger_than_the_table_is_rejected()
    {
        var error = Assert.Throws<AnonymizationException>(() => Anonymizer.Anonymize(SmallData.Test, TestConfig(new KAnonymity(8))));
        Assert.Equal("8-anonymity needs classes of at least 8 records, but the table has only 7.", error.Message);
    }

    [Fact]
    public void On_test_csv_every_released_class_has_k_records()
    {
        // test.csv at age level 1, gender level 1, zipcode level 2 has classes
        // (<50, *, 816**) = 2 rows, (>=50, *, 819**) = 3 rows, (<50, *, 819**) = 2 rows.
        var engine = new EngineHarness(SmallData.Test, SmallData.TestQuasiIdentifiers, [new KAnonymity(3)], 4 / 7d, UtilityMetric.DiscernibilityMonotonic);
        var evaluation = engine.Evaluate(1, 1, 2);
        Assert.Equal(3, evaluation.Snapshot.Count);
        Assert.Equal(4, evaluation.SuppressedRecords);
        Assert.True(evaluation.IsAnonymous);
        for (var c = 0; c < evaluation.Snapshot.Count; c++)
        {
            Assert.Equal(evaluation.Snapshot.Sizes[c] < 3, evaluation.Failing![c]);
        }

        // With 3 of 7 records allowed (floor(0.5 * 7)), suppressing 4 is too many.
        var strict = new EngineHarness(SmallData.Test, SmallData.TestQuasiIdentifiers, [new KAnonymity(3)], 0.5, UtilityMetric.DiscernibilityMonotonic);
        Assert.False(strict.Evaluate(1, 1, 2).IsAnonymous);
    }

    internal static AnonymizationConfig TestConfig(params PrivacyModel[] models) => new()
    {
        Attributes = SmallData.TestQuasiIdentifiers.ToDictionary(q => q.Name, q => new AttributeSettings(AttributeRole.QuasiIdentifying, q.Hierarchy)),
        Models = models,
        Search = SearchMode.Optimal,
    };
}
