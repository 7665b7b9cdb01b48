using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Tests.Synthesis;

public sealed class SyntheticRiskEvaluatorTests
{
    private static readonly int[] Sizes = [4, 5, 6, 3, 7, 2];

    private static EncodedTable Random(int rows, ulong seed)
    {
        var random = new BufferedRandom(new SeededRandomForTests(seed));
        return new EncodedTable([.. Sizes.Select(k => Enumerable.Range(0, rows).Select(_ => random.Below(k)).ToArray())], Sizes);
    }

    [Fact]
    public void A_copy_of_the_input_is_caught_by_every_attack_and_by_the_distances()
    {
        var training = Random(600, 1);
        var control = Random(600, 2);
        var risks = SyntheticRiskEvaluator.Evaluate(training, control, training, secret: 5, attempts: 300);
        Assert.Equal(["singling-out", "linkability", "inference"], risks.Select(r => r.Attack));
        // Every record is in the synthetic table: linking always succeeds on members; 6 columns of
        // 4–7 cells over 600 rows make most records unique, so singling out works on members far more than on controls.
        var linkability = risks[1];
        Assert.Equal(1, linkability.AttackRate);
        Assert.True(linkability.Risk > 0.5, $"linkability risk {linkability.Risk}");
        // Inference votes among the nearest rows: a member's own row is among them, though others may share its known columns.
        Assert.InRange(risks[2].AttackRate, 0.9, 1);
        Assert.True(risks[2].Risk > 0.3, $"inference risk {risks[2].Risk}");
        Assert.True(risks[0].Risk > 0.3, $"singling-out risk {risks[0].Risk}");
        Assert.All(risks, r => Assert.InRange(r.Risk, r.RiskInterval.Lower, r.RiskInterval.Upper));
        var dcr = ClosestRecordDistances.Compute(training, control, training);
        Assert.Equal(1, dcr.ExactTraining);
        Assert.Equal(0, dcr.MeanToTraining);
        Assert.True(dcr.CloserToTraining > 0.9, $"closer to training {dcr.CloserToTraining}");
    }

    [Fact]
    public void A_fresh_sample_of_the_population_shows_no_risk()
    {
        var training = Random(600, 3);
        var control = Random(600, 4);
        var synthetic = Random(600, 5);
        var risks = SyntheticRiskEvaluator.Evaluate(training, control, synthetic, secret: 5, attempts: 300);
        // Members and controls are alike for a table that never saw the members: every risk interval reaches 0.
        Assert.All(risks, r => Assert.Equal(0, r.RiskInterval.Lower));
        Assert.All(risks, r => Assert.InRange(r.Risk, 0, 0.15));
        var dcr = ClosestRecordDistances.Compute(training, control, synthetic);
        Assert.InRange(dcr.CloserToTraining, 0.4, 0.6);
        Assert.InRange(Math.Abs(dcr.MeanToTraining - dcr.MeanToHoldout), 0, 0.2);
    }

    [Fact]
    public void The_risk_is_the_excess_over_the_control_rate_normalized()
    {
        var risk = SyntheticRisk.From("inference", 200, 150, 100);
        Assert.Equal(0.75, risk.AttackRate);
        Assert.Equal(0.5, risk.ControlRate);
        Assert.Equal(0.5, risk.Risk, 12);
        Assert.True(risk.RiskInterval.Lower < 0.5 && risk.RiskInterval.Upper > 0.5);
        // A worse-than-control attack is no risk, not a negative one.
        Assert.Equal(0, SyntheticRisk.From("linkability", 100, 10, 30).Risk);
    }
}
