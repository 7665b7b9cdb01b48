using System.Numerics.Tensors;

namespace Sanitas.Collaboration;

/// <summary>
/// Logistic regression trained on additive shares over Z_2^64 by two computing parties, so that nothing but
/// masked differences (uniform) and the final models is ever opened.
/// </summary>
/// <remarks>
/// <para>Method: Böhning's bounded-Hessian Newton iteration (Böhning &amp; Lindsay, "Monotonicity of quadratic-
/// approximation algorithms", Ann. Inst. Stat. Math. 1988; Böhning 1992): w ← w + 4(XᵀX)⁻¹Xᵀ(y − σ(Xw)), which
/// converges monotonically because XᵀX/4 bounds the Hessian. XᵀX/n and Xᵀy/n are sums of the sites' local
/// statistics (shared, never opened); (XᵀX/n)⁻¹ is computed on shares by Newton–Schulz iteration
/// Z ← Z(2I − GZ) from Z₀ = I/width (convergent when the features are standardized: λ_max(G) ≤ trace(G) ≈
/// width). Each iteration computes σ(Xw) for every row on shares: Xw by a matrix Beaver triple over the design
/// matrix (masked once, as in SecureML, Mohassel &amp; Zhang, IEEE S&amp;P 2017, §4.2), then the sigmoid.</para>
/// <para>Sigmoid: σ(u) ≈ ½ + Σ_{k=0}^{7} a_{2k+1} T_{2k+1}(u/8), the degree-15 Chebyshev interpolant of σ on
/// [−8, 8] (max error 1.3e-3 there; outside, the polynomial grows — standardized features keep |xᵀw| within
/// it), evaluated by Clenshaw's recurrence in y = T₂(u/8) = 2(u/8)² − 1 with T_{2k+3} = 2yT_{2k+1} − T_{2k−1}:
/// 8 sequential products. The coefficients' effect on the model (the approximate-sigmoid fixed point versus
/// the maximum-likelihood estimate) measured on the seed workload: 1.5e-4 (see docs/collaboration.md).</para>
/// <para>Fixed point: the data with 14 fraction bits (with 10, Pima's discrete features rounded enough to move the
/// model by 7e-4), the sigmoid and the inversion with 13 (as SecureML), the weights with 14 and the mean gradient
/// with 20 (a gradient error δ moves the model by about H⁻¹δ). Products are truncated by SecureML's local division
/// (<see cref="RingMath.Divide"/>), which fails — a wrap-around, a visibly wrong model — with probability about
/// |z|/2^63 per value z: summed over the typical magnitudes of a seed-workload run (49,152 rows, 11 fits, 20
/// iterations), about 0.2%. The gradient uses σ − ½ (and Xᵀ(y − ½)), which keeps its sums small.</para>
/// <para>All fits of a cross-validation run in lockstep, as the columns of one weight matrix (d × fits).</para>
/// </remarks>
internal static class SecureLogisticTraining
{
    /// <summary>Fraction bits of the design matrix.</summary>
    public const int DataBits = 14;

    /// <summary>Fraction bits inside the sigmoid and the Newton–Schulz inversion.</summary>
    public const int FractionBits = 13;

    /// <summary>Fraction bits of the weights (the opened models).</summary>
    public const int WeightBits = 14;

    /// <summary>Fraction bits of the mean gradient and of Xᵀy/n: its rounding, amplified by the inverse Hessian, would otherwise dominate the model's error.</summary>
    public const int GradientBits = 20;
    public const double SigmoidBound = 8;
    public const int SigmoidDegree = 15;

    private static readonly double[] Chebyshev = SigmoidCoefficients();
    private static readonly ulong[] EncodedChebyshev = [.. Chebyshev.Select(new FixedPointEncoding(FractionBits).Encode)];

    /// <summary>a_{2k+1}, k = 0..7: the Chebyshev coefficients of σ(8t) − ½ on [−1, 1] (interpolation at 256 Chebyshev nodes).</summary>
    public static IReadOnlyList<double> OddCoefficients => Chebyshev;

    /// <summary>The approximate sigmoid the protocol evaluates, in double precision (for tests and the error statement).</summary>
    public static double ApproximateSigmoid(double u)
    {
        var t = u / SigmoidBound;
        var y = (2 * t * t) - 1;
        double b1 = 0, b2 = 0;
        for (var k = Chebyshev.Length - 1; k >= 1; k--)
        {
            (b1, b2) = (Chebyshev[k] + (2 * y * b1) - b2, b1);
        }
        var b0 = Chebyshev[0] + (2 * y * b1) - b2;
        return 0.5 + (t * (b0 - b1));
    }

    /// <summary>
    /// The model stage's iteration in double precision on pooled rows (Böhning's steps, then steps with the Hessian
    /// at the <paramref name="bohningSteps"/>-th iterate, both with the approximate sigmoid and exact inverses): what
    /// the shares compute up to fixed-point rounding. For tests and the error statement only.
    /// </summary>
    public static double[] PlaintextReference(SiteData pooled, int iterations, int bohningSteps = 3)
    {
        var d = pooled.Width;
        var gram = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(d, d);
        for (var i = 0; i < pooled.Rows; i++)
        {
            var row = pooled.Row(i);
            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b < d; b++)
                {
                    gram[a, b] += row[a] * row[b] / 4;
                }
            }
        }
        var w = new double[d];
        var hessian = gram;
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var g = new double[d];
            var exact = iteration == bohningSteps ? MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(d, d) : null;
            for (var i = 0; i < pooled.Rows; i++)
            {
                var row = pooled.Row(i);
                var v = ApproximateSigmoid(TensorPrimitives.Dot(row, w)) - 0.5;
                TensorPrimitives.MultiplyAdd(row, pooled.Y[i] - 0.5 - v, g, g);
                if (exact is not null)
                {
                    var s = 0.25 - (v * v);
                    for (var a = 0; a < d; a++)
                    {
                        for (var b = 0; b < d; b++)
                        {
                            exact[a, b] += s * row[a] * row[b];
                        }
                    }
                }
            }
            hessian = exact ?? hessian;
            var step = hessian.Cholesky().Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(g)).ToArray();
            TensorPrimitives.Add(w, step, w);
        }
        return w;
    }

    private static double[] SigmoidCoefficients()
    {
        const int nodes = 256;
        var a = new double[(SigmoidDegree + 1) / 2];
        for (var k = 0; k < a.Length; k++)
        {
            var j = (2 * k) + 1;
            double sum = 0;
            for (var i = 0; i < nodes; i++)
            {
                var theta = Math.PI * (i + 0.5) / nodes;
                sum += (LocalLogistic.Sigmoid(SigmoidBound * Math.Cos(theta)) - 0.5) * Math.Cos(j * theta);
            }
            a[k] = 2.0 * sum / nodes;
        }
        return a;
    }

    /// <summary>
    /// A site's contribution, to be split into two shares. Model stage: its rows (the design matrix,
    /// <see cref="DataBits"/> fraction bits), its XᵀX/n and its Xᵀ(y − ½)/n (n: all rows of all sites). Fold stage:
    /// per fold's fit, its Σ σ'(xᵀw₀)·xxᵀ/n_f and Σ x(y − σ(xᵀw₀))/n_f over its training rows of the fit, at the
    /// public w₀ (the opened final model) — the Hessian and gradient of the fit's log-likelihood at w₀, exactly.
    /// </summary>
    public static ulong[] Contribution(SiteData data, int site, SecureTrainingPlan plan)
    {
        var d = plan.Width;
        var fits = plan.Fits;
        var fitRows = plan.FitRows();
        var encoding = new FixedPointEncoding(FractionBits);
        var gradientEncoding = new FixedPointEncoding(GradientBits);
        var result = new ulong[plan.ContributionLength(site)];
        var gramOffset = 0;
        if (!plan.FoldStage)
        {
            new FixedPointEncoding(DataBits).Encode(data.X).CopyTo(result, 0);
            gramOffset = data.Rows * d;
        }
        var momentOffset = gramOffset + (fits * d * d);
        // One pass: the statistics of each held-out group (the fold stage: each fold; the model stage: one group
        // of all rows); a fit's statistics are the total minus its held-out fold's.
        var groups = plan.FoldStage ? plan.Folds : 1;
        var group = new int[data.Rows];
        if (plan.FoldStage)
        {
            for (var fold = 0; fold < plan.Folds; fold++)
            {
                foreach (var i in Sanitas.Learning.CrossValidation.Splits(data.Rows, plan.Folds, plan.FoldSeed).ElementAt(fold).Test)
                {
                    group[i] = fold;
                }
            }
        }
        var gram = new double[(groups + 1) * d * d]; // per group, then the total
        var moment = new double[(groups + 1) * d];
        var start = plan.Start is { } point ? point.ToArray() : null;
        for (var i = 0; i < data.Rows; i++)
        {
            var row = data.Row(i);
            double weight, residual;
            if (start is null)
            {
                (weight, residual) = (1, data.Y[i] - 0.5);
            }
            else
            {
                var p = LocalLogistic.Sigmoid(TensorPrimitives.Dot(row, start));
                (weight, residual) = (p * (1 - p), data.Y[i] - p);
            }
            var g = gram.AsSpan(group[i] * d * d, d * d);
            var m = moment.AsSpan(group[i] * d, d);
            for (var a = 0; a < d; a++)
            {
                var wa = weight * row[a];
                m[a] += residual * row[a];
                for (var b = 0; b <= a; b++)
                {
                    g[(a * d) + b] += wa * row[b];
                }
            }
        }
        var totalGram = gram.AsSpan(groups * d * d, d * d);
        var totalMoment = moment.AsSpan(groups * d, d);
        for (var k = 0; k < groups; k++)
        {
            TensorPrimitives.Add(totalGram, gram.AsSpan(k * d * d, d * d), totalGram);
            TensorPrimitives.Add(totalMoment, moment.AsSpan(k * d, d), totalMoment);
        }
        var fitGram = new double[d * d];
        var fitMoment = new double[d];
        for (var fit = 0; fit < fits; fit++)
        {
            totalGram.CopyTo(fitGram);
            totalMoment.CopyTo(fitMoment);
            if (plan.FoldStage)
            {
                TensorPrimitives.Subtract(fitGram, gram.AsSpan(fit * d * d, d * d), fitGram);
                TensorPrimitives.Subtract(fitMoment, moment.AsSpan(fit * d, d), fitMoment);
            }
            for (var a = 0; a < d; a++)
            {
                for (var b = a + 1; b < d; b++)
                {
                    fitGram[(a * d) + b] = fitGram[(b * d) + a];
                }
            }
            TensorPrimitives.Divide(fitGram, fitRows[fit], fitGram);
            TensorPrimitives.Divide(fitMoment, fitRows[fit], fitMoment);
            encoding.Encode(fitGram).CopyTo(result, gramOffset + (fit * d * d));
            gradientEncoding.Encode(fitMoment).CopyTo(result, momentOffset + (fit * d));
        }
        return result;
    }

    /// <summary>A party's inputs from every site's share of its contribution (site order): the rows concatenated, the statistics added.</summary>
    public static (ulong[] X, ulong[] Gram, ulong[] Moment) Assemble(IReadOnlyList<ulong[]> shares, SecureTrainingPlan plan)
    {
        var d = plan.Width;
        var fits = plan.Fits;
        var x = new ulong[plan.FoldStage ? 0 : plan.Rows * d];
        var gram = new ulong[fits * d * d];
        var moment = new ulong[fits * d];
        var offset = 0;
        for (var site = 0; site < shares.Count; site++)
        {
            var rows = plan.FoldStage ? 0 : plan.SiteRows[site] * d;
            var share = shares[site];
            if (share.Length != plan.ContributionLength(site))
            {
                throw new CollaborationException($"SMPC: site {site + 1}'s share has {share.Length} values, expected {plan.ContributionLength(site)}.");
            }
            share.AsSpan(0, rows).CopyTo(x.AsSpan(offset));
            offset += rows;
            RingMath.AddInPlace(gram, share.AsSpan(rows, gram.Length));
            RingMath.AddInPlace(moment, share.AsSpan(rows + gram.Length, moment.Length));
        }
        return (x, gram, moment);
    }

    /// <summary>
    /// One party's side of the training. Returns its share of the models (fits × width, fit-major, <see cref="WeightBits"/> fraction bits); the caller reveals it.
    /// </summary>
    public static Task<ulong[]> RunAsync(BeaverParty party, SecureTrainingPlan plan, (ulong[] X, ulong[] Gram, ulong[] Moment) inputs, IProgress<double>? progress, CancellationToken ct) =>
        plan.FoldStage ? RunFoldsAsync(party, plan, inputs, ct) : RunModelAsync(party, plan, inputs, progress, ct);

    /// <summary>The rounds of a training (for progress and tests): one per opening.</summary>
    public static int Rounds(SecureTrainingPlan plan) => plan.FoldStage
        ? (2 * plan.SchulzIterations) + 2
        : 1 + (2 * plan.SchulzIterations) + 1 + ((plan.Iterations - 1) * 11) + (plan.Iterations > plan.BohningSteps ? 2 + (2 * plan.HessianSchulz) : 0) + 1;

    private static async Task<ulong[]> RunModelAsync(BeaverParty party, SecureTrainingPlan plan, (ulong[] X, ulong[] Gram, ulong[] Moment) inputs, IProgress<double>? progress, CancellationToken ct)
    {
        var p = party.Index;
        var n = plan.Rows;
        var d = plan.Width;
        var total = Rounds(plan);

        // The design matrix is masked once; every later product with X or Xᵀ reuses that opening (SecureML §4.2).
        party.Keep("X", n * d);
        var opened = await party.OpenAsync([("X", inputs.X), ("G", inputs.Gram)], [], ct).ConfigureAwait(false);
        var ex = opened[0];
        var eg = opened[1];

        // Böhning's bound: 4·(XᵀX/n)⁻¹ by Newton–Schulz from I/width.
        var (z, _) = await SchulzAsync(party, "G", null, eg, Identity(p, d, 1, 1.0 / d), 1, plan.SchulzIterations, "G", ct).ConfigureAwait(false);
        var m = RingMath.Scale(z, 4);
        var mLabel = "M";
        ulong[]? em = null;
        progress?.Report((double)party.Rounds / total);

        var w = new ulong[d];
        var h = inputs.Moment;
        for (var iteration = 0; iteration < plan.Iterations; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            var tag = iteration.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ulong[] gradient;
            if (iteration == 0)
            {
                // At w = 0, σ(Xw) − ½ = 0: the gradient is Xᵀ(y − ½)/n, a sum of the sites' statistics.
                gradient = (ulong[])h.Clone();
            }
            else
            {
                // u = X·w, then t = u / 8 (fraction bits back to FractionBits).
                var xw = new BeaverProduct("U" + tag, "x", "X", "W" + tag, 1, n, d, 1);
                var ew = (await party.OpenAsync([("W" + tag, w)], [xw], ct).ConfigureAwait(false))[0];
                var u = party.Multiply(xw, ex, ew);
                RingMath.DivideInPlace(p, u, (1UL << (DataBits + WeightBits - FractionBits)) * (ulong)SigmoidBound);
                var v = await SigmoidAsync(party, u, tag, ct).ConfigureAwait(false); // σ̃ − ½
                var hessianNow = iteration == plan.BohningSteps;
                var xtv = new BeaverProduct("Q" + tag, "x", "X", "V" + tag, 1, d, n, 1, TransposeLeft: true);
                var vv = new BeaverProduct("VV" + tag, "elementwise", "V" + tag, "V" + tag, 1, n, 1, 1);
                var ev = (await party.OpenAsync([("V" + tag, v)], hessianNow ? [xtv, vv] : [xtv], ct).ConfigureAwait(false))[0];
                var q = party.Multiply(xtv, ex, ev); // width, DataBits + FractionBits
                RingMath.DivideInPlace(p, q, (1UL << (DataBits + FractionBits - GradientBits)) * (ulong)n);
                gradient = RingMath.Subtract(h, q);
                if (hessianNow)
                {
                    // The exact Hessian at this iterate: Xᵀ diag(σ̃(1 − σ̃)) X / n, with σ̃(1 − σ̃) = ¼ − v².
                    var s = Truncate(p, party.Multiply(vv, ev, ev));
                    var quarter = new FixedPointEncoding(FractionBits).Encode(0.25);
                    for (var i = 0; i < s.Length; i++)
                    {
                        s[i] = unchecked((p == 0 ? quarter : 0) - s[i]);
                    }
                    var sx = new BeaverProduct("SX", "rowscale", "S", "X", 1, n, d, 1);
                    var es = (await party.OpenAsync([("S", s)], [sx], ct).ConfigureAwait(false))[0];
                    var scaled = Truncate(p, party.Multiply(sx, es, ex)); // DataBits
                    var xsx = new BeaverProduct("H", "x", "X", "SX", 1, d, n, d, TransposeLeft: true);
                    var esx = (await party.OpenAsync([("SX", scaled)], [xsx], ct).ConfigureAwait(false))[0];
                    var hessian = party.Multiply(xsx, ex, esx);
                    RingMath.DivideInPlace(p, hessian, (1UL << ((2 * DataBits) - FractionBits)) * (ulong)n);
                    // Its inverse by Newton–Schulz from Böhning's inverse (H ≼ XᵀX/4: the start's spectrum is in (0, 1]).
                    (m, _) = await SchulzAsync(party, "Hn", hessian, null, m, 1, plan.HessianSchulz, "H", ct, mLabel, em).ConfigureAwait(false);
                    (mLabel, em) = ("N", null);
                }
            }
            // The step M·gradient (M: Böhning's bound, later the inverse Hessian).
            var step = new BeaverProduct("S" + tag, "matmul", mLabel, "g" + tag, 1, d, d, 1);
            ulong[] eGradient;
            if (em is null)
            {
                var both = await party.OpenAsync([("g" + tag, gradient), (mLabel, m)], [step], ct).ConfigureAwait(false);
                (eGradient, em) = (both[0], both[1]);
            }
            else
            {
                eGradient = (await party.OpenAsync([("g" + tag, gradient)], [step], ct).ConfigureAwait(false))[0];
            }
            var delta = party.Multiply(step, em, eGradient); // FractionBits + GradientBits
            RingMath.DivideInPlace(p, delta, 1UL << (FractionBits + GradientBits - WeightBits));
            RingMath.AddInPlace(w, delta);
            progress?.Report((double)party.Rounds / total);
        }
        return w;
    }

    /// <summary>
    /// The fold stage: each fold's model is one Newton step from the opened final model w₀ with the fold's exact
    /// Hessian and gradient at w₀ (the sites' statistics, shared): w_f = w₀ + H_f(w₀)⁻¹·g_f(w₀), the inverse by
    /// Newton–Schulz from 4I/width, batched over the folds.
    /// </summary>
    private static async Task<ulong[]> RunFoldsAsync(BeaverParty party, SecureTrainingPlan plan, (ulong[] X, ulong[] Gram, ulong[] Moment) inputs, CancellationToken ct)
    {
        var p = party.Index;
        var d = plan.Width;
        var fits = plan.Fits;
        var (z, label) = await SchulzAsync(party, "H", inputs.Gram, null, Identity(p, d, fits, 4.0 / d), fits, plan.SchulzIterations, "F", ct).ConfigureAwait(false);
        var step = new BeaverProduct("S", "matmul", label, "g", fits, d, d, 1);
        var opened = await party.OpenAsync([(label, z), ("g", inputs.Moment)], [step], ct).ConfigureAwait(false);
        var w = party.Multiply(step, opened[0], opened[1]); // fits × width, FractionBits + GradientBits
        RingMath.DivideInPlace(p, w, 1UL << (FractionBits + GradientBits - WeightBits));
        if (p == 0)
        {
            var start = new FixedPointEncoding(WeightBits).Encode([.. plan.Start!]);
            for (var fit = 0; fit < fits; fit++)
            {
                RingMath.AddInPlace(w.AsSpan(fit * d, d), start);
            }
        }
        return w;
    }

    /// <summary>
    /// Newton–Schulz iteration Z ← Z(2I − AZ) on shares, batched over <paramref name="batch"/> width × width
    /// matrices: converges quadratically to A⁻¹ when the spectrum of AZ₀ lies in (0, 2). A is opened (masked) in the
    /// first round unless <paramref name="openedA"/> is given; Z₀ likewise unless <paramref name="openedZ"/> is.
    /// Returns Z's share (FractionBits) and its label (not yet opened).
    /// </summary>
    private static async Task<(ulong[] Z, string Label)> SchulzAsync(BeaverParty party, string aLabel, ulong[]? a, ulong[]? openedA, ulong[] z, int batch, int steps, string tag, CancellationToken ct,
        string? zLabel = null, ulong[]? openedZ = null)
    {
        var p = party.Index;
        var d = (int)Math.Sqrt(z.Length / batch);
        var two = p == 0 ? new FixedPointEncoding(FractionBits).Encode(2.0) : 0;
        zLabel ??= tag + "Z0";
        var ea = openedA;
        var ez = openedZ;
        for (var s = 0; s < steps; s++)
        {
            var az = new BeaverProduct($"{tag}AZ{s}", "matmul", aLabel, zLabel, batch, d, d, d);
            var values = new List<(string, ulong[])>();
            if (ea is null)
            {
                values.Add((aLabel, a!));
            }
            if (ez is null)
            {
                values.Add((zLabel, z));
            }
            var opened = await party.OpenAsync(values, [az], ct).ConfigureAwait(false);
            var at = 0;
            ea ??= opened[at++];
            ez ??= opened[at];
            var r = Truncate(p, party.Multiply(az, ea, ez));
            for (var i = 0; i < r.Length; i++)
            {
                var diagonal = (i % (d * d)) / d == i % d;
                r[i] = unchecked((diagonal ? two : 0) - r[i]);
            }
            var rLabel = $"{tag}R{s}";
            var zr = new BeaverProduct($"{tag}ZR{s}", "matmul", zLabel, rLabel, batch, d, d, d);
            var er = (await party.OpenAsync([(rLabel, r)], [zr], ct).ConfigureAwait(false))[0];
            z = Truncate(p, party.Multiply(zr, ez, er));
            zLabel = $"{tag}Z{s + 1}";
            ez = null;
        }
        return (z, zLabel);
    }

    /// <summary>c·I for each of <paramref name="batch"/> width × width matrices, as party <paramref name="party"/>'s share (party 0 holds it).</summary>
    private static ulong[] Identity(int party, int d, int batch, double c)
    {
        var z = new ulong[batch * d * d];
        if (party == 0)
        {
            var value = new FixedPointEncoding(FractionBits).Encode(c);
            for (var k = 0; k < batch; k++)
            {
                for (var j = 0; j < d; j++)
                {
                    z[(k * d * d) + (j * d) + j] = value;
                }
            }
        }
        return z;
    }

    /// <summary>σ̃(8t) − ½ on shares of t (FractionBits): 8 rounds of element-wise products (see the remarks).</summary>
    private static async Task<ulong[]> SigmoidAsync(BeaverParty party, ulong[] t, string tag, CancellationToken ct)
    {
        var c = EncodedChebyshev;
        var p = party.Index;
        var length = t.Length;
        ulong Public(ulong v) => p == 0 ? v : 0;
        var square = new BeaverProduct("tt" + tag, "elementwise", "t" + tag, "t" + tag, 1, length, 1, 1);
        var et = (await party.OpenAsync([("t" + tag, t)], [square], ct).ConfigureAwait(false))[0];
        var t2 = Truncate(p, party.Multiply(square, et, et));
        var one = new FixedPointEncoding(FractionBits).Encode(1.0);
        var y = new ulong[length];
        for (var i = 0; i < length; i++)
        {
            y[i] = unchecked((2 * t2[i]) - Public(one));
        }
        // b7 = c7 (public), b6 = c6 + 2·c7·y (a public multiple: a local product, truncated).
        var k = c.Length - 1;
        var bNext = new ulong[length]; // b_{k+1}
        var bNextNext = new ulong[length]; // b_{k+2}
        for (var i = 0; i < length; i++)
        {
            bNext[i] = Public(c[k]);
        }
        var twoC = new FixedPointEncoding(FractionBits).Encode(2 * Chebyshev[k]);
        var current = new ulong[length];
        for (var i = 0; i < length; i++)
        {
            current[i] = unchecked(Public(c[k - 1]) + RingMath.Divide(p, unchecked(twoC * y[i]), 1UL << FractionBits));
        }
        (bNextNext, bNext) = (bNext, current); // b_{k+1} = b6, b_{k+2} = b7
        ulong[]? ey = null;
        for (var j = k - 2; j >= 0; j--)
        {
            var label = $"b{j + 1}.{tag}";
            var product = new BeaverProduct($"yb{j + 1}.{tag}", "elementwise", "y" + tag, label, 1, length, 1, 1);
            ulong[] eb;
            if (ey is null)
            {
                var both = await party.OpenAsync([("y" + tag, y), (label, bNext)], [product], ct).ConfigureAwait(false);
                (ey, eb) = (both[0], both[1]);
            }
            else
            {
                eb = (await party.OpenAsync([(label, bNext)], [product], ct).ConfigureAwait(false))[0];
            }
            var yb = Truncate(p, party.Multiply(product, ey, eb));
            var b = new ulong[length];
            for (var i = 0; i < length; i++)
            {
                b[i] = unchecked(Public(c[j]) + (2 * yb[i]) - bNextNext[i]);
            }
            (bNextNext, bNext) = (bNext, b);
        }
        // σ̃ − ½ = t·(b0 − b1); bNext = b0, bNextNext = b1.
        var difference = RingMath.Subtract(bNext, bNextNext);
        var last = new BeaverProduct("td" + tag, "elementwise", "t" + tag, "d" + tag, 1, length, 1, 1);
        var ed = (await party.OpenAsync([("d" + tag, difference)], [last], ct).ConfigureAwait(false))[0];
        return Truncate(p, party.Multiply(last, et, ed));
    }

    private static ulong[] Truncate(int party, ulong[] values)
    {
        RingMath.DivideInPlace(party, values, 1UL << FractionBits);
        return values;
    }
}
