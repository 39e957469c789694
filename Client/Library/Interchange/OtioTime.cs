using System.Numerics;
using RenderFarm.Timelines;

namespace RenderFarm.Interchange;

/// <summary>
/// A time in seconds as an exact fraction, so that sums of clip lengths at any rates never drift and a
/// time lands on an output frame exactly or is known not to.
/// </summary>
internal readonly record struct OtioTime
{
    private OtioTime(BigInteger numerator, BigInteger denominator)
    {
        var divisor = BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = numerator / divisor;
        Denominator = denominator / divisor;
    }

    public static readonly OtioTime Zero = new(0, 1);

    /// <summary>OTIO values may carry decimals; this many are kept.</summary>
    private const long ValueScale = 1_000_000;

    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    /// <summary><paramref name="value"/> frames at <paramref name="rate"/>.</summary>
    public static OtioTime At(double value, Rational rate) =>
        new(new BigInteger(Math.Round(value * ValueScale)) * rate.Denominator, ValueScale * (BigInteger)rate.Numerator);

    public static OtioTime Frames(long frames, Rational rate) => new((BigInteger)frames * rate.Denominator, rate.Numerator);

    public static OtioTime operator +(OtioTime a, OtioTime b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static OtioTime operator -(OtioTime a, OtioTime b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public bool IsNegative => Numerator.Sign < 0;

    /// <summary>The output frame this time falls on, rounded to the nearest; <paramref name="exact"/> says whether it lands on one.</summary>
    public long ToFrames(Rational outputRate, out bool exact)
    {
        var numerator = Numerator * outputRate.Numerator;
        var denominator = Denominator * outputRate.Denominator;
        var whole = BigInteger.DivRem(numerator, denominator, out var remainder);
        exact = remainder.IsZero;
        if (BigInteger.Abs(remainder) * 2 >= denominator)
            whole += numerator.Sign;
        return (long)whole;
    }

    public double Seconds => (double)Numerator / (double)Denominator;
}

/// <summary>OTIO writes rates as floating-point numbers: whole rates and the NTSC rates (N×1000/1001) are the ones a timeline can hold exactly.</summary>
internal static class OtioRate
{
    public static bool TryExact(double rate, out Rational exact)
    {
        exact = default;
        if (!double.IsFinite(rate) || rate <= 0 || rate > 1_000_000)
            return false;
        var whole = Math.Round(rate);
        if (Math.Abs(rate - whole) < 1e-6)
        {
            exact = new Rational((int)whole, 1);
            return true;
        }
        // 23.976, 29.97 and the like, written with however many digits the writer kept.
        var ntsc = Math.Round(rate * 1.001);
        if (Math.Abs(rate - ntsc * 1000 / 1001) < 1e-3)
        {
            exact = new Rational((int)ntsc * 1000, 1001);
            return true;
        }
        return false;
    }
}
