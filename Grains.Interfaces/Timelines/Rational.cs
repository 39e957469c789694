using System.Globalization;

namespace RenderFarm.Timelines;

/// <summary>
/// An exact frame rate such as 30000/1001; written in JSON as "30000/1001" or 25. Always held in lowest
/// terms (2147483647/2147483647 is 1), so that what is validated is what ffmpeg and the muxer are given.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Rational")]
public readonly record struct Rational
{
    public Rational(int numerator, int denominator)
    {
        var divisor = denominator == 0 ? 1 : Gcd(numerator, denominator);
        Numerator = (int)(numerator / divisor);
        Denominator = (int)(denominator / divisor);
    }

    [Id(0)] public int Numerator { get; init; }
    [Id(1)] public int Denominator { get; init; }

    public double Value => (double)Numerator / Denominator;

    /// <summary>Seconds at which output frame <paramref name="frame"/> starts.</summary>
    public double SecondsAt(long frame) => (double)frame * Denominator / Numerator;

    public static bool TryParse(string? text, out Rational rational)
    {
        rational = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Split('/');
        if (parts.Length > 2) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var numerator)) return false;
        var denominator = 1;
        if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out denominator)) return false;
        rational = new Rational(numerator, denominator);
        return true;
    }

    public void Deconstruct(out int numerator, out int denominator) => (numerator, denominator) = (Numerator, Denominator);

    public override string ToString() =>
        Denominator == 1 ? Numerator.ToString(CultureInfo.InvariantCulture) : $"{Numerator}/{Denominator}";

    private static long Gcd(long a, long b)
    {
        (a, b) = (Math.Abs(a), Math.Abs(b));
        while (b != 0)
            (a, b) = (b, a % b);
        return a == 0 ? 1 : a;
    }
}
