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
    /// The same iteration in double precision on pooled rows (Böhning with the approximate sigmoid, exact
    /// (XᵀX)⁻¹): what the shares compute up to fixed-point rounding. For tests and the error statement only.
    /// </summary>
    public static double[] PlaintextReference(SiteData pooled, int iterations)
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
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var g = new double[d];
            for (var i = 0; i < pooled.Rows; i++)
            {
                var row = pooled.Row(i);
                TensorPrimitives.MultiplyAdd(row, pooled.Y[i] - ApproximateSigmoid(TensorPrimitives.Dot(row, w)), g, g);
            }
            var step = gram.Cholesky().Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(g)).ToArray();
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
    /// A site's contribution, to be split into two shares: its rows (the design matrix, <see cref="DataBits"/>
    /// fraction bits), then per fit its XᵀX/n_fit (width²) and Xᵀ(y − ½)/n_fit (width) over its training rows of the fit.
    /// </summary>
    public static ulong[] Contribution(SiteData data, int site, SecureTrainingPlan plan)
    {
        var d = plan.Width;
        var fits = plan.Fits;
        var fitRows = plan.FitRows();
        var dataEncoding = new FixedPointEncoding(DataBits);
        var encoding = new FixedPointEncoding(FractionBits);
        var gradientEncoding = new FixedPointEncoding(GradientBits);
        var result = new ulong[(data.Rows * d) + (fits * d * d) + (fits * d)];
        dataEncoding.Encode(data.X).CopyTo(result, 0);
        var gramOffset = data.Rows * d;
        var momentOffset = gramOffset + (fits * d * d);
        for (var fit = 0; fit < fits; fit++)
        {
            var mask = plan.SiteMask(site, fit);
            var gram = new double[d * d];
            var moment = new double[d];
            for (var i = 0; i < data.Rows; i++)
            {
                if (!mask[i])
                {
                    continue;
                }
                var row = data.Row(i);
                for (var a = 0; a < d; a++)
                {
                    TensorPrimitives.MultiplyAdd(row, row[a], gram.AsSpan(a * d, d), gram.AsSpan(a * d, d));
                }
                TensorPrimitives.MultiplyAdd(row, data.Y[i] - 0.5, moment, moment);
            }
            TensorPrimitives.Divide(gram, fitRows[fit], gram);
            TensorPrimitives.Divide(moment, fitRows[fit], moment);
            encoding.Encode(gram).CopyTo(result, gramOffset + (fit * d * d));
            gradientEncoding.Encode(moment).CopyTo(result, momentOffset + (fit * d));
        }
        return result;
    }

    /// <summary>A party's inputs from every site's share of its contribution (site order): the rows concatenated, the statistics added.</summary>
    public static (ulong[] X, ulong[] Gram, ulong[] Moment) Assemble(IReadOnlyList<ulong[]> shares, SecureTrainingPlan plan)
    {
        var d = plan.Width;
        var fits = plan.Fits;
        var x = new ulong[plan.Rows * d];
        var gram = new ulong[fits * d * d];
        var moment = new ulong[fits * d];
        var offset = 0;
        for (var site = 0; site < shares.Count; site++)
        {
            var rows = plan.SiteRows[site] * d;
            var share = shares[site];
            if (share.Length != rows + gram.Length + moment.Length)
            {
                throw new CollaborationException($"SMPC: site {site + 1}'s share has {share.Length} values, expected {rows + gram.Length + moment.Length}.");
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
    public static async Task<ulong[]> RunAsync(BeaverParty party, SecureTrainingPlan plan, (ulong[] X, ulong[] Gram, ulong[] Moment) inputs, IProgress<double>? progress, CancellationToken ct)
    {
        var p = party.Index;
        var n = plan.Rows;
        var d = plan.Width;
        var fits = plan.Fits;
        ulong F(double v) => p == 0 ? Encode(v) : 0;
        var fitRows = plan.FitRows();
        var rowMask = new bool[n * fits];
        var at = 0;
        for (var site = 0; site < plan.SiteRows.Count; site++)
        {
            for (var fit = 0; fit < fits; fit++)
            {
                var mask = plan.SiteMask(site, fit);
                for (var i = 0; i < mask.Length; i++)
                {
                    rowMask[((at + i) * fits) + fit] = mask[i];
                }
            }
            at += plan.SiteRows[site];
        }
        var totalRounds = 1 + (2 * plan.SchulzIterations) + (11 * plan.Iterations);

        // The design matrix is masked once; every later product with X or Xᵀ reuses that opening (SecureML §4.2).
        party.Keep("X", n * d);
        var opened = await party.OpenAsync([("X", inputs.X), ("G", inputs.Gram)], [], ct).ConfigureAwait(false);
        var ex = opened[0];
        var eg = opened[1];

        // Newton–Schulz: Z ← Z(2I − GZ), batched over the fits.
        var z = new ulong[fits * d * d];
        for (var fit = 0; fit < fits; fit++)
        {
            for (var j = 0; j < d; j++)
            {
                z[(fit * d * d) + (j * d) + j] = F(1.0 / d);
            }
        }
        for (var s = 0; s < plan.SchulzIterations; s++)
        {
            var gz = new BeaverProduct($"GZ{s}", "matmul", "G", $"Z{s}", fits, d, d, d);
            var ez = (await party.OpenAsync([($"Z{s}", z)], [gz], ct).ConfigureAwait(false))[0];
            var t = Truncate(p, party.Multiply(gz, eg, ez));
            var r = new ulong[t.Length];
            for (var i = 0; i < r.Length; i++)
            {
                var diagonal = (i % (d * d)) / d == i % d;
                r[i] = unchecked((diagonal ? F(2.0) : 0) - t[i]);
            }
            var zr = new BeaverProduct($"ZR{s}", "matmul", $"Z{s}", $"R{s}", fits, d, d, d);
            var er = (await party.OpenAsync([($"R{s}", r)], [zr], ct).ConfigureAwait(false))[0];
            z = Truncate(p, party.Multiply(zr, ez, er));
            progress?.Report((double)party.Rounds / totalRounds);
        }
        var m = RingMath.Scale(z, 4); // Böhning: 4·(XᵀX/n)⁻¹ on the mean gradient.
        ulong[]? em = null;

        var w = new ulong[d * fits]; // width × fits, row-major (the right operand of X·W)
        var h = Transpose(inputs.Moment, fits, d); // width × fits
        var c = Chebyshev.Select(Encode).ToArray();
        for (var iteration = 0; iteration < plan.Iterations; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            var tag = iteration.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // u = X·W, then t = u / 8 (fraction bits back to FractionBits).
            var xw = new BeaverProduct("U" + tag, "x", "X", "W" + tag, 1, n, d, fits);
            var first = iteration == 0
                ? await party.OpenAsync([("W" + tag, w), ("M", m)], [xw], ct).ConfigureAwait(false)
                : await party.OpenAsync([("W" + tag, w)], [xw], ct).ConfigureAwait(false);
            em ??= first[1];
            var u = party.Multiply(xw, ex, first[0]);
            RingMath.DivideInPlace(p, u, (1UL << (DataBits + WeightBits - FractionBits)) * (ulong)SigmoidBound);
            var sigmoid = await SigmoidAsync(party, u, c, tag, ct).ConfigureAwait(false);
            // V = the fit's training rows' σ − ½; Xᵀ V / n_fit.
            for (var i = 0; i < sigmoid.Length; i++)
            {
                if (!rowMask[i])
                {
                    sigmoid[i] = 0;
                }
            }
            var xtv = new BeaverProduct("Q" + tag, "x", "X", "V" + tag, 1, d, n, fits, TransposeLeft: true);
            var ev = (await party.OpenAsync([("V" + tag, sigmoid)], [xtv], ct).ConfigureAwait(false))[0];
            var q = party.Multiply(xtv, ex, ev); // width × fits, DataBits + FractionBits
            for (var i = 0; i < q.Length; i++)
            {
                q[i] = RingMath.Divide(p, q[i], (1UL << (DataBits + FractionBits - GradientBits)) * (ulong)fitRows[i % fits]);
            }
            // The mean gradient Xᵀ(y − ½)/n − Xᵀ(σ − ½)/n per fit, then the step 4(XᵀX/n)⁻¹·gradient.
            var gradient = Transpose(RingMath.Subtract(h, q), d, fits); // fits × width
            var step = new BeaverProduct("S" + tag, "matmul", "M", "g" + tag, fits, d, d, 1);
            var eGradient = (await party.OpenAsync([("g" + tag, gradient)], [step], ct).ConfigureAwait(false))[0];
            var delta = party.Multiply(step, em, eGradient); // fits × width, FractionBits + GradientBits
            RingMath.DivideInPlace(p, delta, 1UL << (FractionBits + GradientBits - WeightBits));
            RingMath.AddInPlace(w, Transpose(delta, fits, d));
            progress?.Report((double)party.Rounds / totalRounds);
        }
        return Transpose(w, d, fits);

        static ulong Encode(double v) => new FixedPointEncoding(FractionBits).Encode(v);
    }

    /// <summary>σ̃(8t) − ½ on shares of t (FractionBits): 8 rounds of element-wise products (see the remarks).</summary>
    private static async Task<ulong[]> SigmoidAsync(BeaverParty party, ulong[] t, ulong[] c, string tag, CancellationToken ct)
    {
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

    /// <summary>Transposes a rows × cols row-major matrix (a rearrangement of shares, local).</summary>
    private static ulong[] Transpose(ReadOnlySpan<ulong> matrix, int rows, int cols)
    {
        var result = new ulong[matrix.Length];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                result[(j * rows) + i] = matrix[(i * cols) + j];
            }
        }
        return result;
    }
}
