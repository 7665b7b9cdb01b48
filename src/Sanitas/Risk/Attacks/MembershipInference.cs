using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// Membership inference: was a given record in the data a model was trained on, or a synthetic
/// table generated from? Each attack scores records (higher = more likely a member); members
/// and non-members (a holdout from the same population) are scored and the attack is summed up
/// by ROC (<see cref="RocAnalysis"/>): AUC (baseline 0.5) and the true-positive rate at 0.1% and
/// 1% false positives. A model is any function from a feature vector to class probabilities.
/// </summary>
public static class MembershipInference
{
    /// <summary>The attacks' kind in reports.</summary>
    public const string Kind = "membership";

    /// <summary>
    /// The loss-threshold attack of Yeom et al. (2018, "Privacy Risk in Machine Learning: Analyzing
    /// the Connection to Overfitting", IEEE CSF): a record is a member when the model's loss on it
    /// is low; the score is the negative cross-entropy loss, −log p(true class).
    /// </summary>
    /// <param name="model">The target model: feature vector → class probabilities.</param>
    /// <param name="members">Records of its training data.</param>
    /// <param name="nonMembers">Records of the same population it was not trained on.</param>
    public static MembershipInferenceResult LossThreshold(Func<double[], double[]> model, LabelledRows members, LabelledRows nonMembers)
    {
        ArgumentNullException.ThrowIfNull(model);
        Check(members, nonMembers);
        return FromScores("loss-threshold", "Loss threshold (Yeom et al. 2018): members have lower loss",
            NegativeLosses(model, members), NegativeLosses(model, nonMembers));
    }

    /// <summary>
    /// The shadow-model attack of Shokri et al. (2017, "Membership Inference Attacks Against
    /// Machine Learning Models", IEEE S&amp;P): the adversary trains <paramref name="shadowModels"/>
    /// models like the target on halves of their own data from the same population, learns from
    /// the shadows' outputs on their training ("in") and other ("out") records to tell the two
    /// apart (one logistic attack model per class, on the probability vector and log p(class)),
    /// and applies that to the target's outputs.
    /// </summary>
    /// <param name="target">The target model.</param>
    /// <param name="members">Records of the target's training data.</param>
    /// <param name="nonMembers">Records of the same population it was not trained on.</param>
    /// <param name="shadowData">The adversary's own data from the population (disjoint from the target's).</param>
    /// <param name="train">How the target was trained: records → model (the adversary imitates it).</param>
    /// <param name="shadowModels">Number of shadow models (at least 1).</param>
    /// <param name="seed">Seeds the shadow splits (the attack is simulation, not a release).</param>
    public static MembershipInferenceResult ShadowModels(Func<double[], double[]> target, LabelledRows members, LabelledRows nonMembers,
        LabelledRows shadowData, Func<LabelledRows, Func<double[], double[]>> train, int shadowModels = 4, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(shadowModels, 1);
        Check(members, nonMembers);
        ArgumentNullException.ThrowIfNull(shadowData);
        shadowData.Validate("shadow records");
        if (shadowData.Count < 4)
        {
            throw new InvalidOptionException($"The shadow data has {shadowData.Count} records; the shadow-model attack needs at least 4.");
        }

        // Not a release: the attacker's own shadow-data splits, seeded so the attack is reproducible.
        var random = new Random(seed);
        var attackFeatures = new List<double[]>();
        var attackLabels = new List<int>();
        var attackClasses = new List<int>();
        var classes = 0;
        for (var s = 0; s < shadowModels; s++)
        {
            var order = Enumerable.Range(0, shadowData.Count).ToArray();
            random.Shuffle(order);
            var half = shadowData.Count / 2;
            var inside = shadowData.Take(order[..half]);
            var outside = shadowData.Take(order[half..]);
            var shadow = train(inside);
            foreach (var (rows, member) in new[] { (inside, 1), (outside, 0) })
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    var p = shadow(rows.Features[i]);
                    classes = Math.Max(classes, p.Length);
                    attackFeatures.Add(AttackFeatures(p, rows.Labels[i]));
                    attackLabels.Add(member);
                    attackClasses.Add(rows.Labels[i]);
                }
            }
        }

        // One attack model per class (Shokri et al.), and one over all classes for classes the shadows lack.
        var all = new LabelledRows([.. attackFeatures], [.. attackLabels]);
        var global = SoftmaxRegression.Train(all, 2);
        var perClass = new Dictionary<int, SoftmaxRegression>();
        foreach (var group in Enumerable.Range(0, attackLabels.Count).GroupBy(i => attackClasses[i]))
        {
            var rows = all.Take(group);
            if (rows.Labels.Distinct().Count() == 2 && rows.Count >= 20)
            {
                perClass[group.Key] = SoftmaxRegression.Train(rows, 2);
            }
        }
        double[] Score(LabelledRows rows)
        {
            var scores = new double[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                var attack = perClass.GetValueOrDefault(rows.Labels[i], global);
                scores[i] = attack.Predict(AttackFeatures(target(rows.Features[i]), rows.Labels[i]))[1];
            }
            return scores;
        }
        var description = string.Create(CultureInfo.InvariantCulture,
            $"Shadow models (Shokri et al. 2017): {shadowModels} shadows on {shadowData.Count} own records, per-class attack models");
        return FromScores("shadow-model", description, Score(members), Score(nonMembers));
    }

    /// <summary>
    /// The distance-to-closest-record attack on a synthetic table (as in Anonymeter and
    /// SDMetrics' DCR measures): a record is a member of the synthesizer's input when some
    /// synthetic record lies close to it. Distances are Gower's (1971): per column, |a − b| / range
    /// for numbers (range over the three tables) and 0/1 for other values, averaged over columns.
    /// </summary>
    /// <param name="training">The synthesizer's input (members).</param>
    /// <param name="holdout">Records of the same population not given to it (non-members).</param>
    /// <param name="synthetic">The synthetic table.</param>
    /// <param name="columns">The columns compared (all of <paramref name="training"/>'s by default); each must be in all three tables.</param>
    /// <param name="cancellationToken">Cancels the attack.</param>
    public static MembershipInferenceResult DistanceToClosestRecord(Table training, Table holdout, Table synthetic, IReadOnlyList<string>? columns = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(synthetic);
        var names = columns ?? [.. training.ColumnNames];
        if (names.Count == 0)
        {
            throw new InvalidOptionException("The distance-to-closest-record attack needs at least one column.");
        }
        if (training.RowCount == 0 || holdout.RowCount == 0 || synthetic.RowCount == 0)
        {
            throw new ArgumentException($"The training ({training.RowCount}), holdout ({holdout.RowCount}) and synthetic ({synthetic.RowCount}) tables must all have records.");
        }
        var encoder = new GowerEncoder(names, training, holdout, synthetic);
        var synth = encoder.Encode(synthetic, "synthetic table");
        double[] Score(Table table, string what)
        {
            var rows = encoder.Encode(table, what);
            var scores = new double[rows.Length];
            Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var best = double.PositiveInfinity;
                foreach (var s in synth)
                {
                    best = Math.Min(best, encoder.Distance(rows[i], s, best));
                }
                scores[i] = -best;
            });
            return scores;
        }
        var description = string.Create(CultureInfo.InvariantCulture,
            $"Distance to closest synthetic record (Gower over {names.Count} columns, {synthetic.RowCount} synthetic records): members lie closer");
        return FromScores("distance-to-closest-record", description, Score(training, "training table"), Score(holdout, "holdout table"));
    }

    /// <summary>Sums up any membership score (higher = member) as a <see cref="MembershipInferenceResult"/>.</summary>
    public static MembershipInferenceResult FromScores(string attack, string description, ReadOnlySpan<double> members, ReadOnlySpan<double> nonMembers)
    {
        var auc = RocAnalysis.Auc(members, nonMembers);
        var n1 = members.Length;
        var n0 = nonMembers.Length;
        var tp1 = RocAnalysis.TruePositivesAt(members, nonMembers, 0.001);
        var tp10 = RocAnalysis.TruePositivesAt(members, nonMembers, 0.01);
        var trials = n1 + n0;
        var result = new AttackResult(Kind, description, trials, (long)Math.Round(auc * trials), auc, RocAnalysis.AucInterval(auc, n1, n0), 0.5);
        return new MembershipInferenceResult(attack, n1, n0, auc, result.Interval,
            (double)tp1 / n1, ConfidenceInterval.Wilson(tp1, n1), (double)tp10 / n1, ConfidenceInterval.Wilson(tp10, n1), result);
    }

    private static double[] NegativeLosses(Func<double[], double[]> model, LabelledRows rows)
    {
        var scores = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var p = model(rows.Features[i]);
            var y = rows.Labels[i];
            if (y >= p.Length)
            {
                throw new ArgumentException($"Record {i} has label {y}, but the model gives {p.Length} class probabilities.");
            }
            scores[i] = Math.Log(Math.Max(p[y], 1e-12));
        }
        return scores;
    }

    private static double[] AttackFeatures(double[] probabilities, int label)
    {
        var features = new double[probabilities.Length + 1];
        probabilities.CopyTo(features, 0);
        features[^1] = Math.Log(Math.Max(label < probabilities.Length ? probabilities[label] : 0, 1e-12));
        return features;
    }

    private static void Check(LabelledRows members, LabelledRows nonMembers)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(nonMembers);
        members.Validate("members");
        nonMembers.Validate("non-members");
    }
}
