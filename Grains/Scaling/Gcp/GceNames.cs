using System.Security.Cryptography;
using System.Text;

namespace RenderFarm.Scaling.Gcp;

/// <summary>
/// Names Compute Engine accepts: an instance's (<c>[a-z]([-a-z0-9]*[a-z0-9])?</c>, at most 63) and a label's
/// key and value (lowercase letters, digits, '_' and '-', at most 63; a key starts with a letter).
/// </summary>
public static class GceNames
{
    public const int MaxLength = 63;

    /// <summary>The instance name of a node: its id in lowercase, other characters as '-', a letter first.</summary>
    public static string Instance(string nodeId)
    {
        var name = Clean(nodeId, allowUnderscore: false).Trim('-');
        if (name.Length == 0 || !char.IsAsciiLetterLower(name[0]))
            name = "rf-" + name;
        return Fit(name, nodeId, allowTrailingDash: false);
    }

    public static string LabelKey(string key)
    {
        var clean = Clean(key, allowUnderscore: true);
        if (clean.Length == 0 || !char.IsAsciiLetterLower(clean[0]))
            clean = "k" + clean;
        return Fit(clean, key, allowTrailingDash: true);
    }

    public static string LabelValue(string value) => Fit(Clean(value, allowUnderscore: true), value, allowTrailingDash: true);

    private static string Clean(string text, bool allowUnderscore)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
            clean.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-' || (allowUnderscore && c == '_') ? c : '-');
        return clean.ToString();
    }

    // A name cut to fit ends in a hash of the whole, so that two long ids sharing a beginning stay apart.
    private static string Fit(string name, string original, bool allowTrailingDash)
    {
        if (name.Length <= MaxLength)
            return allowTrailingDash ? name : name.TrimEnd('-');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(original)))[..8];
        return name[..(MaxLength - hash.Length - 1)].TrimEnd('-') + "-" + hash;
    }
}
