using System.Globalization;

namespace RenderFarm.Timelines;

/// <summary>
/// A colour written <c>#RRGGBB</c> or <c>#RRGGBBAA</c>. Only those two hex forms parse, so the
/// ffmpeg text this produces holds nothing but hex digits and a number: safe inside a filter graph.
/// </summary>
public readonly record struct ColorValue(byte Red, byte Green, byte Blue, byte Alpha = byte.MaxValue)
{
    /// <summary>Alpha as a fraction: 0 is transparent, 1 opaque.</summary>
    public double Opacity => Alpha / 255.0;

    public static bool TryParse(string? text, out ColorValue color)
    {
        color = default;
        if (text is null || text.Length is not (7 or 9) || text[0] != '#')
            return false;
        for (var i = 1; i < text.Length; i++)
        {
            if (!char.IsAsciiHexDigit(text[i]))
                return false;
        }

        color = new ColorValue(
            HexByte(text, 1),
            HexByte(text, 3),
            HexByte(text, 5),
            text.Length == 9 ? HexByte(text, 7) : byte.MaxValue);
        return true;
    }

    public static ColorValue Parse(string text) =>
        TryParse(text, out var color)
            ? color
            : throw new FormatException($"'{text}' is not a colour; write #RRGGBB or #RRGGBBAA.");

    /// <summary>The colour as ffmpeg writes it, e.g. <c>0xFF8000@0.502</c>.</summary>
    public string ToFfmpeg() =>
        string.Create(CultureInfo.InvariantCulture, $"0x{Red:X2}{Green:X2}{Blue:X2}@{Opacity:0.###}");

    public override string ToString() =>
        Alpha == byte.MaxValue ? $"#{Red:X2}{Green:X2}{Blue:X2}" : $"#{Red:X2}{Green:X2}{Blue:X2}{Alpha:X2}";

    private static byte HexByte(string text, int index) =>
        byte.Parse(text.AsSpan(index, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
