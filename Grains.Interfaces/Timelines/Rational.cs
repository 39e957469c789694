using System.Globalization;

namespace RenderFarm.Timelines;

/// <summary>An exact frame rate such as 30000/1001; written in JSON as "30000/1001" or 25.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Rational")]
public readonly record struct Rational([property: Id(0)] int Numerator, [property: Id(1)] int Denominator)
{
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

    public override string ToString() =>
        Denominator == 1 ? Numerator.ToString(CultureInfo.InvariantCulture) : $"{Numerator}/{Denominator}";
}
