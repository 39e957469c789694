using System.Text.Json;
using System.Text.RegularExpressions;

namespace RenderFarm.Timelines;

public static partial class TimelineValidator
{
    public const int MaxAssetIdLength = 64;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex AssetIdPattern();

    /// <summary>Whether <paramref name="id"/> may name an asset: 1-64 letters, digits, '_' or '-'.</summary>
    public static bool IsValidAssetId(string? id) => id is not null && AssetIdPattern().IsMatch(id);

    /// <summary>
    /// The rule an asset path breaks, or null when it is a plain relative path. Paths go to ffmpeg,
    /// so besides escaping the root they must not look like a URL or protocol (<c>concat:</c>,
    /// <c>http:</c>), an image-sequence pattern (<c>%d</c>) or break the quoting of a command line.
    /// </summary>
    public static string? CheckAssetPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "is required";
        if (path.Any(char.IsControl))
            return "must not contain control characters";
        if (path.Contains('\\'))
            return "must use '/' between folders, not '\\'";
        if (path[0] == '/' || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':'))
            return "must be relative to the assets root";
        if (path.Contains(':'))
            return "must not contain ':' (no URLs or ffmpeg protocols)";
        if (path.Split('/').Contains(".."))
            return "must not contain a '..' segment";
        if (path.Contains('%'))
            return "must not contain '%' (ffmpeg reads it as an image sequence pattern)";
        if (path.Contains('"'))
            return "must not contain '\"'";
        return null;
    }

    private static HashSet<string> ValidateAssets(IReadOnlyDictionary<string, AssetRef>? assets, List<ValidationError> errors)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (assets is null)
        {
            errors.Add(new("assets", "is required"));
            return known;
        }

        foreach (var (id, asset) in assets.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            known.Add(id);
            if (!IsValidAssetId(id))
            {
                errors.Add(new("assets." + Printable(id), $"id must be 1-{MaxAssetIdLength} letters, digits, '_' or '-'"));
                continue;
            }

            if (asset is null)
            {
                errors.Add(new($"assets.{id}", "is required"));
                continue;
            }

            if (CheckAssetPath(asset.Path) is { } rule)
                errors.Add(new($"assets.{id}.path", rule));
            if (asset.Sha256 is not null && !IsSha256(asset.Sha256))
                errors.Add(new($"assets.{id}.sha256", "must be 64 hexadecimal digits"));
            else if (asset.Stored && asset.Sha256 is null)
                errors.Add(new($"assets.{id}.sha256", "is required for an asset uploaded to the farm's store (stored: true)"));
        }

        return known;
    }

    private static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    /// <summary>An id that broke the rules, escaped so that it cannot garble the message it appears in.</summary>
    private static string Printable(string id) => JsonSerializer.Serialize(id);
}
