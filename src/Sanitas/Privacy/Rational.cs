using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// An exact non-negative-denominator fraction of big integers. Samplers work on these so that no
/// floating-point rounding enters a release (Mironov 2012). Every finite double is a dyadic
/// rational and converts exactly.
/// </summary>
internal readonly record struct Rational
{
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("A rational needs a non-zero denominator.");
        }
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!g.IsOne && !g.IsZero)
        {
            numerator /= g;
            denominator /= g;
        }
        Numerator = numerator;
        Denominator = denominator;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public int Sign => Numerator.Sign;

    public static Rational Zero => new(BigInteger.Zero, BigInteger.One);

    public static Rational One => new(BigInteger.One, BigInteger.One);

    public static Rational FromInteger(BigInteger value) => new(value, BigInteger.One);

    /// <summary>The exact value of a finite double.</summary>
    public static Rational FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values have an exact rational form.");
        }
        if (value == 0)
        {
            return Zero;
        }
        var bits = BitConverter.DoubleToInt64Bits(value);
        var negative = bits < 0;
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }
        exponent -= 1075;
        BigInteger m = negative ? -mantissa : mantissa;
        return exponent >= 0 ? new Rational(m << exponent, BigInteger.One) : new Rational(m, BigInteger.One << -exponent);
    }

    /// <summary>2^exponent, exactly.</summary>
    public static Rational PowerOfTwo(int exponent) =>
        exponent >= 0 ? new Rational(BigInteger.One << exponent, BigInteger.One) : new Rational(BigInteger.One, BigInteger.One << -exponent);

    public static Rational operator +(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator *(Rational a, Rational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public Rational Abs() => Numerator.Sign < 0 ? new Rational(-Numerator, Denominator) : this;

    /// <summary>The largest integer not above this value.</summary>
    public BigInteger Floor()
    {
        var q = BigInteger.DivRem(Numerator, Denominator, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    /// <summary>The smallest integer not below this value.</summary>
    public BigInteger Ceiling() => -new Rational(-Numerator, Denominator).Floor();

    /// <summary>floor(log2(value)) for a positive value.</summary>
    public int FloorLog2()
    {
        if (Numerator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Numerator), "log2 needs a positive value.");
        }
        var k = (int)(Numerator.GetBitLength() - Denominator.GetBitLength());
        // 2^k <= value < 2^(k+1) after at most one correction either way.
        while (PowerOfTwo(k) > this)
        {
            k--;
        }
        while (PowerOfTwo(k + 1) <= this)
        {
            k++;
        }
        return k;
    }

    /// <summary>
    /// A double within one ulp of the value, exact when the value is a double (post-processing
    /// only, never inside a sampler): the quotient is taken to 64+ significant bits, then scaled.
    /// </summary>
    public double ToDouble()
    {
        if (Numerator.IsZero)
        {
            return 0;
        }
        var n = BigInteger.Abs(Numerator);
        var shift = 64 - (int)(n.GetBitLength() - Denominator.GetBitLength());
        var q = shift >= 0 ? (n << shift) / Denominator : n / (Denominator << -shift);
        return Numerator.Sign * Math.ScaleB((double)q, -shift);
    }

    /// <summary>A double not below the exact value: safe for reporting a privacy cost.</summary>
    public double ToDoubleUp()
    {
        var d = ToDouble();
        while (FromDouble(d) < this)
        {
            d = Math.BitIncrement(d);
        }
        return d;
    }

    public override string ToString() => $"{Numerator}/{Denominator}";
}
