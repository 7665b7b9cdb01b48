using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// PrivBayes (Zhang, Cormode, Procopiuc, Srivastava &amp; Xiao, "PrivBayes: Private Data Release via
/// Bayesian Networks", SIGMOD 2014; ACM TODS 42(4) 2017): (1) a Bayesian network built greedily
/// (the paper's GreedyBayes): the first attribute uniformly at random, then d − 1 times the
/// exponential mechanism picks an attribute–parent pair (X, Π) with X not yet in the network and Π
/// among the attributes already in it; (2) every node's joint distribution Pr[X, Π] measured with
/// noise, negative cells set to 0 and each row normalized into Pr*[X | Π] (the paper's
/// NoisyConditionals); (3) rows sampled in the network's order.
/// <para>
/// Score: the TODS version's R(X, Π) = ½‖Pr[X, Π] − Pr[X] Pr[Π]‖₁, used on counts,
/// n·R = ½ Σ |N(π, x) − N(π) N(x)/n|, so that it is defined without a public n. Its sensitivity when one
/// row is added or removed is below 2: the joint counts move by 1 in L1 and the product term
/// N(π)N(x)/n by at most (3n + 1)/(n + 1) &lt; 3 (expand (N(π) + e)(N(x) + e′)/(n + 1) − N(π)N(x)/n), so
/// the half L1 moves by less than ½(1 + 3). (The paper's 3/n is for replacing one row with n public.)
/// </para>
/// <para>
/// Budget, under zCDP like MST and AIM (ρ from (ε, δ) by Canonne, Kamath &amp; Steinke 2020): the
/// paper's split β = 0.3 for the network and 0.7 for the distributions. The network's d − 1
/// selections get ε_s = √(8 ρ_net/(d − 1)) each (ε_s-DP, ε_s²/8-zCDP by Cesar &amp; Rogers 2021); each of
/// the d joints gets the discrete Gaussian at ρ_dist/d (a histogram's L2 sensitivity is 1) in place of
/// the paper's Laplace noise. The degree: with <see cref="SynthesisOptions.MaxParents"/> unset, the
/// paper's θ-usefulness decides (§4.5, non-binary form): a pair is eligible when its average cell count
/// is at least θ noise deviations, n̂ / (|dom X| |dom Π|) ≥ θ σ, with n̂ a noisy row count that costs
/// 1% of ρ (before the split), and the parent sets offered are the maximal eligible ones (at most 4
/// parents, a computational bound); with it set, every subset of that size (the paper's fixed k).
/// Neighbouring datasets differ by adding or removing one row (one person).
/// </para>
/// </summary>
internal static class PrivBayesSynthesizer
{
    /// <summary>β, the paper's share of the budget for the network.</summary>
    public const double NetworkShare = 0.3;

    /// <summary>The share of ρ spent on the noisy row count that θ-usefulness needs (only when θ decides the degree).</summary>
    public const double CountShare = 0.01;

    /// <summary>The sensitivity of the count-scaled score n·R under adding or removing one row (see the class remarks).</summary>
    public const double ScoreSensitivity = 2;

    /// <summary>The most parents offered when θ-usefulness decides (bounds the candidate enumeration).</summary>
    public const int DefaultMaxParents = 4;

    /// <summary>The most cells a measured joint may have whatever θ says (memory bound).</summary>
    public const long MaxCells = 1 << 22;

    public static SynthesisOutput Run(EncodedTable data, IReadOnlyList<string> names, double rho, SynthesisOptions options,
        IRandomBits random, IProgress<double>? progress, CancellationToken ct)
    {
        var steps = new List<SynthesisStep>();
        var model = Fit(data, names, rho, options, random, steps, progress, ct);
        var rows = Synthesizer.RowsToSample(options, model.EstimatedRows, data.Width);
        var codes = Sample(model, rows, new BufferedRandom(random), ct);
        return new SynthesisOutput(new EncodedTable(codes, data.Sizes), steps, model.EstimatedRows, [.. model.Network.Select(n => n.Marginal)])
        {
            Released = [.. model.Joints.Select(m => new ReleasedMeasurement(m))],
            ReleasedScope = "PrivBayes: every node's noisy joint Pr[X, parents]",
        };
    }

    /// <summary>Builds the network and the noisy conditionals, spending exactly ρ; every private step is appended to <paramref name="steps"/>.</summary>
    public static PrivBayesModel Fit(EncodedTable data, IReadOnlyList<string> names, double rho, SynthesisOptions options, IRandomBits random,
        List<SynthesisStep> steps, IProgress<double>? progress, CancellationToken ct)
    {
        var d = data.Width;
        var sizes = data.Sizes;
        var rhoCount = options.MaxParents is null && d > 1 ? CountShare * rho : 0;
        var rhoNetwork = d > 1 ? NetworkShare * (rho - rhoCount) : 0;
        var rhoEach = (rho - rhoCount - rhoNetwork) / d;
        var sigma = NoisyMarginals.Sigma(rhoEach);
        var totals = new List<(double Value, double Variance)>();
        var cellLimit = MaxCells;
        if (rhoCount > 0)
        {
            var counter = new DiscreteGaussianMechanism(1, rhoCount);
            var n = counter.Release(data.Rows, random);
            steps.Add(new SynthesisStep("measure", [], rhoCount, counter.Sigma, 0));
            totals.Add((n, counter.Sigma * counter.Sigma));
            cellLimit = UsefulCells(n, sigma, options.Theta);
        }
        var network = BuildNetwork(data, names, rhoNetwork, options.MaxParents ?? DefaultMaxParents, cellLimit, random, steps, progress, ct);
        var conditionals = new List<double[]>(d);
        var joints = new List<Measurement>(d);
        for (var i = 0; i < network.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var node = network[i];
            var m = NoisyMarginals.Measure(data, node.Marginal, rhoEach, random);
            steps.Add(new SynthesisStep("measure", [.. node.Marginal.Select(a => names[a])], rhoEach, m.Sigma, 0));
            var total = 0.0;
            foreach (var v in m.Values)
            {
                total += v;
            }
            totals.Add((total, m.Values.Length * m.Sigma * m.Sigma));
            conditionals.Add(Conditional(m.Values, sizes[node.Attribute]));
            joints.Add(m);
            progress?.Report(0.6 + (0.2 * (i + 1) / network.Count));
        }
        var estimate = totals.Sum(t => t.Value / t.Variance) / totals.Sum(t => 1 / t.Variance);
        return new PrivBayesModel(sizes, network, conditionals, estimate) { Joints = joints };
    }

    /// <summary>θ-usefulness: the most cells a joint may have so that its average count n̂/cells is at least θσ (at least 1, at most <see cref="MaxCells"/>).</summary>
    public static long UsefulCells(double noisyRows, double sigma, double theta) =>
        (long)Math.Clamp(Math.Floor(Math.Max(0, noisyRows) / (theta * sigma)), 1, MaxCells);

    /// <summary>GreedyBayes with the exponential mechanism; <paramref name="rhoNetwork"/> is spent in d − 1 equal selections.</summary>
    public static List<AttributeParents> BuildNetwork(EncodedTable data, IReadOnlyList<string> names, double rhoNetwork, int maxParents, long cellLimit,
        IRandomBits random, List<SynthesisStep> steps, IProgress<double>? progress, CancellationToken ct)
    {
        var d = data.Width;
        var first = (int)UniformSampler.Below(random, (ulong)d);
        var network = new List<AttributeParents> { new(first, []) };
        if (d == 1)
        {
            return network;
        }
        var inNetwork = new List<int> { first };
        var epsilon = Math.Sqrt(8 * rhoNetwork / (d - 1));
        var selection = new ExponentialMechanism(ScoreSensitivity, epsilon);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var step = 1; step < d; step++)
        {
            var available = inNetwork.Order().ToArray();
            var candidates = new List<AttributeParents>();
            for (var x = 0; x < d; x++)
            {
                if (!inNetwork.Contains(x))
                {
                    candidates.AddRange(ParentSets(available, data.Sizes, x, maxParents, cellLimit).Select(p => new AttributeParents(x, p)));
                }
            }
            var utilities = new double[candidates.Count];
            for (var i = 0; i < candidates.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var key = string.Join(',', candidates[i].Marginal);
                if (!scores.TryGetValue(key, out var score))
                {
                    score = Score(data, candidates[i]);
                    scores[key] = score;
                }
                utilities[i] = score;
            }
            var chosen = candidates[selection.Release(utilities, random)];
            network.Add(chosen);
            inNetwork.Add(chosen.Attribute);
            steps.Add(new SynthesisStep("select", [.. chosen.Marginal.Select(a => names[a])], epsilon * epsilon / 8, 0, epsilon));
            progress?.Report(0.6 * step / (d - 1));
        }
        return network;
    }

    /// <summary>
    /// The maximal parent sets Π ⊆ <paramref name="available"/> (ascending) with |Π| ≤ <paramref name="maxParents"/> and
    /// |dom X|·|dom Π| ≤ <paramref name="cellLimit"/>: no further available attribute can join without breaking a bound.
    /// Π = ∅ when nothing fits.
    /// </summary>
    public static List<int[]> ParentSets(IReadOnlyList<int> available, int[] sizes, int attribute, int maxParents, long cellLimit)
    {
        var result = new List<int[]>();
        var current = new List<int>();
        void Grow(int start, long cells)
        {
            var extendable = false;
            if (current.Count < maxParents)
            {
                foreach (var v in available)
                {
                    if (!current.Contains(v) && cells * sizes[v] <= cellLimit)
                    {
                        extendable = true;
                        break;
                    }
                }
            }
            if (!extendable)
            {
                result.Add([.. current]);
                return;
            }
            for (var i = start; i < available.Count; i++)
            {
                var v = available[i];
                if (cells * sizes[v] > cellLimit)
                {
                    continue;
                }
                current.Add(v);
                Grow(i + 1, cells * sizes[v]);
                current.RemoveAt(current.Count - 1);
            }
        }
        Grow(0, sizes[attribute]);
        return result;
    }

    /// <summary>The count-scaled score n·R(X, Π) = ½ Σ |N(π, x) − N(π)N(x)/n| (0 without parents or rows).</summary>
    public static double Score(EncodedTable data, AttributeParents pair)
    {
        if (pair.Parents.Length == 0 || data.Rows == 0)
        {
            return 0;
        }
        var joint = data.Histogram(pair.Marginal);
        return Score(joint, data.Sizes[pair.Attribute]);
    }

    /// <summary>n·R of a joint histogram laid out as parent cell × value (value fastest).</summary>
    public static double Score(ReadOnlySpan<double> joint, int values)
    {
        var groups = joint.Length / values;
        var byParent = new double[groups];
        var byValue = new double[values];
        var n = 0.0;
        for (var g = 0; g < groups; g++)
        {
            for (var x = 0; x < values; x++)
            {
                var c = joint[(g * values) + x];
                byParent[g] += c;
                byValue[x] += c;
                n += c;
            }
        }
        if (n <= 0)
        {
            return 0;
        }
        var sum = 0.0;
        for (var g = 0; g < groups; g++)
        {
            for (var x = 0; x < values; x++)
            {
                sum += Math.Abs(joint[(g * values) + x] - (byParent[g] * byValue[x] / n));
            }
        }
        return sum / 2;
    }

    /// <summary>Pr*[X | Π] from a noisy joint (parent cell × value): negative cells set to 0, each row normalized; an empty row becomes uniform.</summary>
    public static double[] Conditional(ReadOnlySpan<double> noisyJoint, int values)
    {
        var table = new double[noisyJoint.Length];
        for (var start = 0; start < table.Length; start += values)
        {
            var sum = 0.0;
            for (var x = 0; x < values; x++)
            {
                var v = Math.Max(0, noisyJoint[start + x]);
                table[start + x] = v;
                sum += v;
            }
            for (var x = 0; x < values; x++)
            {
                table[start + x] = sum > 0 ? table[start + x] / sum : 1.0 / values;
            }
        }
        return table;
    }

    /// <summary>Draws <paramref name="rows"/> rows attribute by attribute in the network's order (post-processing: no data is read).</summary>
    public static int[][] Sample(PrivBayesModel model, int rows, BufferedRandom random, CancellationToken ct = default)
    {
        var sizes = model.Sizes;
        var codes = new int[sizes.Length][];
        for (var i = 0; i < model.Network.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var node = model.Network[i];
            var k = sizes[node.Attribute];
            var table = model.Conditionals[i];
            var parents = node.Parents.Select(p => codes[p]).ToArray();
            var parentSizes = node.Parents.Select(p => sizes[p]).ToArray();
            var column = new int[rows];
            for (var r = 0; r < rows; r++)
            {
                var g = 0;
                for (var j = 0; j < parents.Length; j++)
                {
                    g = (g * parentSizes[j]) + parents[j][r];
                }
                column[r] = Draw(table.AsSpan(g * k, k), random.NextDouble());
            }
            codes[node.Attribute] = column;
        }
        return codes;
    }

    private static int Draw(ReadOnlySpan<double> probabilities, double u)
    {
        var last = 0;
        for (var x = 0; x < probabilities.Length; x++)
        {
            if (probabilities[x] <= 0)
            {
                continue;
            }
            last = x;
            u -= probabilities[x];
            if (u < 0)
            {
                return x;
            }
        }
        return last;
    }
}
