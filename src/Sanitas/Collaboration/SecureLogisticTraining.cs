using System.Numerics.Tensors;

namespace Sanitas.Collaboration;

/// <summary>
/// Logistic regression trained on additive shares over Z_2^64 by two computing parties, so that nothing but
/// masked differences (uniform) and the models is ever opened.
/// </summary>
/// <remarks>
/// <para>Model stage (one fit on all rows): Böhning's bounded-Hessian Newton iteration (Böhning &amp; Lindsay,
/// "Monotonicity of quadratic-approximation algorithms", Ann. Inst. Stat. Math. 1988; Böhning 1992):
/// w ← w + 4(XᵀX)⁻¹Xᵀ(y − σ(Xw)), monotone because XᵀX/4 bounds the Hessian, for
/// <see cref="SecureTrainingPlan.BohningSteps"/> steps (the first at w = 0 needs no sigmoid: the gradient is
/// Xᵀ(y − ½)); then the exact Hessian Xᵀdiag(σ̃(1 − σ̃))X/n at that iterate, computed on shares and inverted by
/// Newton–Schulz from Böhning's inverse (H ≼ XᵀX/4 puts the start's spectrum in (0, 1]), for the remaining
/// steps — a Newton iteration with a frozen Hessian, whose rate is ‖I − H(w₃)⁻¹H(w*)‖ instead of Böhning's
/// 1 − λ_min((XᵀX/4)⁻¹H) (0.61 per step on the seed workload: 20 Böhning steps left 1.3e-5; 3 + 4 steps leave
/// 3.6e-6, in double precision). XᵀX/n and Xᵀ(y − ½)/n are sums of the sites' local statistics (shared, never
/// opened); (XᵀX/n)⁻¹ by Newton–Schulz Z ← Z(2I − GZ) from I/width (convergent for standardized features:
/// λ_max(G) ≤ trace(G) ≈ width). Xw and Xᵀv by a matrix Beaver triple over the design matrix, masked once
/// (SecureML, Mohassel &amp; Zhang, IEEE S&amp;P 2017, §4.2).</para>
/// <para>Fold stage (<see cref="SecureTrainingPlan.Start"/> = the opened final model w₀): each fold's model is one
/// Newton step w₀ + H_f(w₀)⁻¹g_f(w₀) from the sites' exact statistics at the public w₀ — Le Cam's one-step
/// estimator, the idea of approximate cross-validation (Rad &amp; Maleki, "A scalable estimate of the out-of-sample
/// prediction error via approximate leave-one-out", JRSS-B 2020); its distance to the fold's maximum-likelihood
/// fit is quadratic in ‖w_f − w₀‖ (3e-5 on the seed workload).</para>
/// <para>Sigmoid: σ(u) ≈ ½ + Σ_{k=0}^{7} a_{2k+1} T_{2k+1}(u/8), the degree-15 Chebyshev interpolant of σ on
/// [−8, 8] (max error 1.3e-3 there; outside, the polynomial grows — standardized features keep |xᵀw| within
/// it), evaluated in 4 rounds: T₂…T₁₅ by the product rule T_{m+n} = 2T_mT_n − T_{|m−n|} from the openings of
/// T₁, T₂, T₃, T₄, T₅, T₇, T₈ (10 products), then the sum with the public coefficients, locally.
/// The coefficients' effect on the model (the approximate-sigmoid fixed point versus the maximum-likelihood
/// estimate) measured on the seed workload: 1.5e-4 (see docs/collaboration.md).</para>
/// <para>Fixed point: the data with 14 fraction bits (with 10, Pima's discrete features rounded enough to move the
/// model by 7e-4), the sigmoid and the inversions with 13 (as SecureML), the weights with 14 and the mean gradient
/// with 20 (a gradient error δ moves the model by about H⁻¹δ). Products are truncated by SecureML's local division
/// (<see cref="RingMath.Divide"/>), which fails — a wrap-around, a visibly wrong model, not a leak — with
/// probability at most 2^(ℓ+1−64) for a value below 2^ℓ. Union bound over one seed-workload run (49,152 rows, width
/// 11, standardized features, |xᵀw| &lt; 16): Xw 6 × 49,152 values at ℓ ≤ 32 (1.4e-4), the sigmoid's 60 × 49,152 products at ℓ ≤ 27
/// (4.3e-5), diag(s)·X 540,672 values at ℓ ≤ 29 (3.1e-5), the sums Xᵀv and XᵀSX at ℓ ≤ 42 by Cauchy–Schwarz (9e-5), the small
/// matrices negligible: about 3e-4 per run (it was about 2e-3 with 11 fits × 20 iterations on shares). The gradient
/// uses σ − ½ (and Xᵀ(y − ½)), which keeps its sums small.</para>
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
        : 1 + (2 * plan.SchulzIterations) + 1 + ((plan.Iterations - 1) * 7) + (plan.Iterations > plan.BohningSteps ? 2 + (2 * plan.HessianSchulz) : 0) + 1;

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

    /// <summary>
    /// σ̃(8t) − ½ = Σ_{k=0}^{7} a_{2k+1}·T_{2k+1}(t) on shares of t (FractionBits), in 4 rounds: the Chebyshev
    /// polynomials by the product rule T_{m+n} = 2·T_m·T_n − T_{|m−n|} (T_{2m} = 2T_m² − 1) from the openings of
    /// T₁, T₂, then T₃, T₄, then T₅, T₇, T₈ — every product's operands are opened in an earlier or the same round,
    /// so the 10 products cost only the dealer's values, and the sum with the public coefficients is local,
    /// truncated once.
    /// </summary>
    private static async Task<ulong[]> SigmoidAsync(BeaverParty party, ulong[] t1, string tag, CancellationToken ct)
    {
        var p = party.Index;
        var n = t1.Length;
        var one = p == 0 ? new FixedPointEncoding(FractionBits).Encode(1.0) : 0;
        var opened = new Dictionary<int, ulong[]>();
        BeaverProduct Product(int a, int b) => new($"T{a}*T{b}.{tag}", "elementwise", $"T{a}.{tag}", $"T{b}.{tag}", 1, n, 1, 1);
        async Task OpenAsync(IReadOnlyList<(int K, ulong[] Share)> values, IReadOnlyList<BeaverProduct> products)
        {
            var result = await party.OpenAsync([.. values.Select(v => ($"T{v.K}.{tag}", v.Share))], products, ct).ConfigureAwait(false);
            for (var v = 0; v < values.Count; v++)
            {
                opened[values[v].K] = result[v];
            }
        }
        // T_{a+b} = 2·T_a·T_b − T_{|a−b|} (T₀ = 1, public).
        ulong[] Next(int a, int b, ulong[]? lower)
        {
            var z = party.Multiply(Product(a, b), opened[a], opened[b]);
            RingMath.DivideInPlace(p, z, 1UL << (FractionBits - 1)); // 2·T_a·T_b, truncated once
            for (var i = 0; i < n; i++)
            {
                z[i] = unchecked(z[i] - (lower is null ? one : lower[i]));
            }
            return z;
        }
        await OpenAsync([(1, t1)], [Product(1, 1)]).ConfigureAwait(false);
        var t2 = Next(1, 1, null);
        await OpenAsync([(2, t2)], [Product(2, 2), Product(1, 2)]).ConfigureAwait(false);
        var t4 = Next(2, 2, null);
        var t3 = Next(1, 2, t1);
        await OpenAsync([(3, t3), (4, t4)], [Product(4, 4), Product(1, 4), Product(3, 4)]).ConfigureAwait(false);
        var t8 = Next(4, 4, null);
        var t5 = Next(1, 4, t3);
        var t7 = Next(3, 4, t1);
        await OpenAsync([(5, t5), (7, t7), (8, t8)], [Product(1, 8), Product(3, 8), Product(5, 8), Product(7, 8)]).ConfigureAwait(false);
        var t9 = Next(1, 8, t7);
        var t11 = Next(3, 8, t5);
        var t13 = Next(5, 8, t3);
        var t15 = Next(7, 8, t1);
        ulong[][] odd = [t1, t3, t5, t7, t9, t11, t13, t15];
        var sum = new ulong[n];
        for (var k = 0; k < odd.Length; k++)
        {
            // A public coefficient times a share: a local product (2·FractionBits), summed, truncated once.
            var c = EncodedChebyshev[k];
            var tk = odd[k];
            for (var i = 0; i < n; i++)
            {
                sum[i] = unchecked(sum[i] + (c * tk[i]));
            }
        }
        return Truncate(p, sum);
    }

    private static ulong[] Truncate(int party, ulong[] values)
    {
        RingMath.DivideInPlace(party, values, 1UL << FractionBits);
        return values;
    }
}
