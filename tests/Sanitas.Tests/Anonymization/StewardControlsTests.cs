using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization;

/// <summary>
/// The data steward's controls (issue 17 item 5): attribute weights in the utility metric, minimum and
/// maximum generalization levels, warnings about fully generalized attributes and heavy suppression,
/// and each attribute's loss with its percentage of the maximum.
/// </summary>
public sealed class StewardControlsTests
{
    /// <summary>
    /// 12 rows: every a1..a4 with every b1..b3. Under 2-anonymity without suppression exactly two minimal
    /// transformations hold: A at level 1 ({a1,a2}, {a3,a4}), or B at level 1 (*). By hand, non-uniform entropy:
    /// A at level 1 loses 12 · log2(6/3) = 12 bits; B at level 1 loses 12 · log2(12/4) = 19.0196 bits.
    /// </summary>
    private static Table Grid()
    {
        var a = new List<string?>();
        var b = new List<string?>();
        foreach (var x in new[] { "a1", "a2", "a3", "a4" })
        {
            foreach (var y in new[] { "b1", "b2", "b3" })
            {
                a.Add(x);
                b.Add(y);
            }
        }
        return new Table([Column.FromValues("A", a), Column.FromValues("B", b)]);
    }

    private static readonly Hierarchy HierarchyA = Hierarchy.FromRows(
    [
        ["a1", "a12", "*"], ["a2", "a12", "*"], ["a3", "a34", "*"], ["a4", "a34", "*"],
    ]);

    private static readonly Hierarchy HierarchyB = Hierarchy.FromRows([["b1", "*"], ["b2", "*"], ["b3", "*"]]);

    private static AnonymizationConfig GridConfig(AttributeSettings? a = null, AttributeSettings? b = null, UtilityMetric metric = UtilityMetric.NonUniformEntropy) => new()
    {
        Attributes = new Dictionary<string, AttributeSettings>
        {
            ["A"] = a ?? new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyA),
            ["B"] = b ?? new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyB),
        },
        Models = [new KAnonymity(2)],
        Metric = metric,
    };

    private static readonly double Log2Of3 = Math.Log(3) / Math.Log(2);

    [Fact]
    public void Without_weights_the_search_generalizes_the_attribute_that_loses_fewer_bits()
    {
        var result = Anonymizer.Anonymize(Grid(), GridConfig());
        Assert.Equal([1, 0], result.Levels);
        Assert.Equal(12, result.InformationLoss, 9);
    }

    [Fact]
    public void A_heavier_weight_on_A_moves_the_optimum_to_generalizing_B()
    {
        // Weights 2 and 1 scale to 1 and 0.5 (ARX): generalizing A costs 1 · 12 = 12, generalizing B 0.5 · 19.02 = 9.51.
        var config = GridConfig(new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyA) { Weight = 2 });
        var result = Anonymizer.Anonymize(Grid(), config);
        Assert.Equal([0, 1], result.Levels);
        Assert.Equal(0.5 * 12 * Log2Of3, result.InformationLoss, 9);
        Assert.Equal([1.0, 0.5], result.Attributes.Select(x => x.Weight));
    }

    [Fact]
    public void A_weight_too_small_to_outweigh_the_difference_keeps_the_unweighted_optimum()
    {
        // Weights 1.5 and 1 → 1 and 0.667: generalizing B costs 12.68 > 12, so A is still generalized.
        var config = GridConfig(new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyA) { Weight = 1.5 });
        Assert.Equal([1, 0], Anonymizer.Anonymize(Grid(), config).Levels);
    }

    [Fact]
    public void Weights_apply_to_the_loss_metric_as_ARXs_weighted_geometric_mean()
    {
        // Loss of A at level 1: x = 12 · 2/4 = 6 between 12/4 = 3 and 12, so r = 1/3; B untouched, r = 0.
        var unweighted = Anonymizer.Anonymize(Grid(), GridConfig(metric: UtilityMetric.Loss));
        Assert.Equal([1, 0], unweighted.Levels);
        Assert.Equal(Math.Sqrt(4d / 3) - 1, unweighted.InformationLoss, 9);
        // B at level 1: r = 1. Weights 4 (A) and 1 (B) are exponents 0.8 and 0.2 of the weighted geometric mean:
        // generalizing A costs (4/3)^0.8 − 1 = 0.259, generalizing B 2^0.2 − 1 = 0.149, so the optimum flips.
        var heavyA = GridConfig(new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyA) { Weight = 4 }, metric: UtilityMetric.Loss);
        var flipped = Anonymizer.Anonymize(Grid(), heavyA);
        Assert.Equal([0, 1], flipped.Levels);
        Assert.Equal(Math.Pow(2, 0.2) - 1, flipped.InformationLoss, 9);
    }

    [Fact]
    public void Weights_are_refused_for_a_metric_that_is_not_a_sum_over_attributes()
    {
        var config = GridConfig(new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyA) { Weight = 2 }, metric: UtilityMetric.Discernibility);
        var e = Assert.Throws<AnonymizationException>(() => Anonymizer.Anonymize(Grid(), config));
        Assert.Contains("not to discernibility", e.Message);
    }

    [Fact]
    public void A_maximum_level_restricts_the_lattice_and_the_choice()
    {
        var config = GridConfig(new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyA) { MaxLevel = 0 });
        var result = Anonymizer.Anonymize(Grid(), config);
        Assert.Equal([0, 1], result.Levels);
        Assert.Equal(2, result.LatticeSize); // A in [0, 0], B in [0, 1]
        Assert.Equal(0, result.Attributes[0].MaxLevel);
        Assert.Equal(2, result.Attributes[0].HierarchyHeight);
    }

    [Fact]
    public void A_minimum_level_is_respected_even_when_a_lower_node_would_satisfy_the_model()
    {
        var config = GridConfig(b: new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyB) { MinLevel = 1 });
        var result = Anonymizer.Anonymize(Grid(), config);
        Assert.Equal([0, 1], result.Levels);
        Assert.Equal(3, result.LatticeSize); // A in [0, 2], B in [1, 1]
        Assert.All(result.Output["B"].Codes.ToArray(), c => Assert.Equal("*", result.Output["B"].Dictionary[c]));
    }

    [Fact]
    public void Ranges_that_leave_no_satisfying_transformation_fail_with_no_solution()
    {
        var config = GridConfig(
            new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyA) { MaxLevel = 0 },
            new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyB) { MaxLevel = 0 });
        var e = Assert.Throws<AnonymizationException>(() => Anonymizer.Anonymize(Grid(), config));
        Assert.True(e.IsNoSolution);
    }

    [Theory]
    [InlineData(3, null, "minLevel 3")]
    [InlineData(0, 3, "maxLevel 3")]
    [InlineData(2, 1, "maxLevel 1")]
    public void Levels_outside_the_hierarchy_are_refused(int min, int? max, string expected)
    {
        var config = GridConfig(new AttributeSettings(AttributeRole.QuasiIdentifying, HierarchyA) { MinLevel = min, MaxLevel = max });
        var e = Assert.Throws<AnonymizationException>(() => Anonymizer.Anonymize(Grid(), config));
        Assert.Contains(expected, e.Message);
        Assert.Contains("'A'", e.Message);
    }

    [Fact]
    public void Per_attribute_loss_and_percentages_match_the_hand_computation()
    {
        var result = Anonymizer.Anonymize(Grid(), GridConfig());
        var a = result.Attributes[0];
        var b = result.Attributes[1];
        Assert.Equal("non-uniform-entropy", a.Metric);
        // A at level 1: 12 bits; fully generalized (f = 3, F = 12): 12 · 2 = 24 bits, so 50%.
        Assert.Equal(12, a.Value, 9);
        Assert.Equal(24, a.Maximum, 9);
        Assert.Equal(50, a.Percent, 9);
        Assert.Equal((4, 2), (a.DistinctValuesBefore, a.DistinctValuesAfter));
        // B untouched: 0 of 12 · log2(3) bits.
        Assert.Equal(0, b.Value, 9);
        Assert.Equal(12 * Log2Of3, b.Maximum, 9);
        Assert.Equal(0, b.Percent, 9);
        // The total is the weighted sum of the attributes; the maximum is the top node's loss.
        Assert.Equal(result.InformationLoss, result.Attributes.Sum(x => x.Weight * x.Value), 9);
        Assert.Equal(24 + (12 * Log2Of3), result.MaximumInformationLoss, 9);
        Assert.Equal(100 * 12 / (24 + (12 * Log2Of3)), result.InformationLossPercent, 9);
    }

    [Fact]
    public void For_discernibility_the_per_attribute_loss_is_iyengars_loss()
    {
        var result = Anonymizer.Anonymize(Grid(), GridConfig(metric: UtilityMetric.Discernibility));
        Assert.Equal([1, 0], result.Levels);
        Assert.All(result.Attributes, x => Assert.Equal("loss", x.Metric));
        Assert.Equal(1d / 3, result.Attributes[0].Value, 9);
        Assert.Equal(1, result.Attributes[0].Maximum, 9);
        // DM: 6 classes of 2 → 24; the top node is one class of 12 → 144.
        Assert.Equal(24, result.InformationLoss);
        Assert.Equal(144, result.MaximumInformationLoss);
    }

    /// <summary>
    /// As on the 17,549-patient cohort: ages in distinct decades, so 2-anonymity can only be reached by
    /// generalizing age to * for every record while sex stays.
    /// </summary>
    [Fact]
    public void A_quasi_identifier_generalized_to_star_for_every_record_is_warned_about()
    {
        var ages = new[] { "21", "35", "47", "52", "68", "79" };
        var table = new Table([Column.FromValues("age", ages), Column.FromValues("sex", ["F", "M", "F", "M", "F", "M"])]);
        var age = Hierarchy.FromRows(ages.Select(x => new[] { x, x[0] + "0-" + x[0] + "9", "*" }));
        var sex = Hierarchy.FromRows([["F", "*"], ["M", "*"]]);
        var config = new AnonymizationConfig
        {
            Attributes = new Dictionary<string, AttributeSettings>
            {
                ["age"] = new(AttributeRole.QuasiIdentifying, age),
                ["sex"] = new(AttributeRole.QuasiIdentifying, sex),
            },
            Models = [new KAnonymity(2)],
        };
        var result = Anonymizer.Anonymize(table, config);
        Assert.Equal([2, 0], result.Levels);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("fully-generalized", warning.Code);
        Assert.Equal("age", warning.Attribute);
        Assert.Contains("all 6 released records show '*'", warning.Message);
        Assert.Equal(100, result.Attributes[0].Percent, 9);

        // Capping age at decades makes the search give up sex instead, and the warning names sex.
        var capped = config with
        {
            Attributes = new Dictionary<string, AttributeSettings>
            {
                ["age"] = new(AttributeRole.QuasiIdentifying, age) { MaxLevel = 1 },
                ["sex"] = new(AttributeRole.QuasiIdentifying, sex),
            },
            SuppressionLimit = 0,
        };
        var e = Assert.Throws<AnonymizationException>(() => Anonymizer.Anonymize(table, capped));
        Assert.True(e.IsNoSolution); // decades are unique whatever sex does: the cap forbids the only way out
    }

    [Fact]
    public void Suppressing_half_of_the_records_or_more_is_warned_about()
    {
        // Two records in the 20s, three alone in their decades: 2-anonymity keeps the 20s and suppresses 3 of 5.
        var ages = new[] { "20", "21", "30", "41", "52" };
        var table = new Table([Column.FromValues("age", ages)]);
        var age = Hierarchy.FromRows(ages.Select(x => new[] { x, x[0] + "0-" + x[0] + "9" }));
        var config = new AnonymizationConfig
        {
            Attributes = new Dictionary<string, AttributeSettings> { ["age"] = new(AttributeRole.QuasiIdentifying, age) },
            Models = [new KAnonymity(2)],
            SuppressionLimit = 0.6,
        };
        var result = Anonymizer.Anonymize(table, config);
        Assert.Equal(3, result.SuppressedRecords);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("suppression-dominates", warning.Code);
        Assert.Contains("3 of 5 records (60.0%)", warning.Message);
    }

    [Fact]
    public void A_group_whose_records_are_mostly_suppressed_is_warned_about()
    {
        // 20 men in two ages (10 each) and 12 women each of a different age: the women are all suppressed.
        var ages = new List<string?>();
        var sexes = new List<string?>();
        for (var i = 0; i < 10; i++)
        {
            ages.AddRange(["25", "35"]);
            sexes.AddRange(["M", "M"]);
        }
        for (var i = 0; i < 12; i++)
        {
            ages.Add((40 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            sexes.Add("F");
        }
        var table = new Table([Column.FromValues("age", ages), Column.FromValues("sex", sexes)]);
        var config = new AnonymizationConfig
        {
            Attributes = new Dictionary<string, AttributeSettings>
            {
                ["age"] = new(AttributeRole.QuasiIdentifying, Hierarchy.FromRows(ages.Distinct().Select(x => new[] { x!, "*" }))),
                ["sex"] = new(AttributeRole.QuasiIdentifying, Hierarchy.FromRows([["F", "*"], ["M", "*"]])),
            },
            Models = [new KAnonymity(2)],
            SuppressionLimit = 0.5,
        };
        var result = Anonymizer.Anonymize(table, config);
        Assert.Equal([0, 0], result.Levels);
        Assert.Equal(12, result.SuppressedRecords);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("group-mostly-suppressed", warning.Code);
        Assert.Equal("sex", warning.Attribute);
        Assert.Contains("sex = 'F' are mostly suppressed: 12 of 12 (100.0%)", warning.Message);
    }

    [Fact]
    public void The_json_report_carries_the_attribute_losses_percentages_and_warnings()
    {
        var config = GridConfig();
        var result = Anonymizer.Anonymize(Grid(), config);
        var report = AnonymizationReport.Create(result, config);
        var json = report.ToJson();
        Assert.Contains("\"percent\": 50", json);
        Assert.Contains("\"maximum\": 24", json);
        var back = AnonymizationReport.FromJson(json);
        Assert.Equal(12, back.Attributes![0].Value, 9);
        Assert.Equal(result.InformationLossPercent, back.InformationLoss.Percent!.Value, 9);
        Assert.Empty(back.Warnings!);
    }
}
