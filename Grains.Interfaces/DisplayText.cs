using System.Globalization;
using System.Text;

namespace RenderFarm;

/// <summary>
/// Text taken from input made safe to show: control characters (which could move a terminal's cursor,
/// recolour it or forge a log line) and bidirectional overrides (which reorder what is shown) are
/// written as <c>\uXXXX</c> escapes; everything else is kept. Escaping twice changes nothing more.
/// </summary>
public static class DisplayText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsUnsafe))
            return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c))
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else
                escaped.Append(c);
        }
        return escaped.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069';
}
