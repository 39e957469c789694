using System.Globalization;
using System.Text;

namespace RenderFarm.Rendering;

/// <summary>
/// Writes values into ffmpeg filter graphs. Only numbers produced here and strings escaped here ever
/// reach a graph, so no timeline value can become filter syntax.
/// </summary>
public static class FilterText
{
    /// <summary>A number in invariant culture with enough digits for exact frame times.</summary>
    public static string Number(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Escapes a string for use as a filter option value inside a filter graph: first quoted for the
    /// option parser, then escaped for the graph parser (ffmpeg-filters "Notes on filtergraph escaping").
    /// </summary>
    public static string OptionValue(string value)
    {
        var quoted = "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
        var escaped = new StringBuilder(quoted.Length + 8);
        foreach (var c in quoted)
        {
            if (c is '\\' or '\'' or '[' or ']' or ',' or ';')
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
