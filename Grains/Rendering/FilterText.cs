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

    /// <summary>Quotes one argument for the command line that FFMpegCore hands to the process.</summary>
    public static string CommandLineArgument(string value)
    {
        if (value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or '+' or ','))
            return value;
        var builder = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in value)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }
            if (c == '"')
            {
                builder.Append('\\', backslashes * 2 + 1).Append('"');
            }
            else
            {
                builder.Append('\\', backslashes).Append(c);
            }
            backslashes = 0;
        }
        builder.Append('\\', backslashes * 2).Append('"');
        return builder.ToString();
    }
}
