using System.Text.RegularExpressions;
using RenderFarm.Timelines;

namespace RenderFarm.Interchange;

/// <summary>A clip's media as the native timeline names it: an asset id, the media's start (its available range), and whether it is a still.</summary>
internal sealed record OtioMediaSource(string AssetId, OtioTime MediaStart, bool Still);

/// <summary>
/// Turns clips' media references into the native timeline's assets: a file URL or path, rewritten by
/// the user's rules, made relative to the media root; one asset per file, under an id made from its name.
/// </summary>
internal sealed partial class OtioMedia(OtioImportOptions options, OtioFindings findings, OtioTimes times)
{
    private static readonly HashSet<string> StillExtensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp" };

    private readonly Dictionary<string, string> idsByPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AssetRef> assets = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, AssetRef> Assets => assets;

    /// <summary>The clip's active media (<c>Clip.1</c>'s one reference, <c>Clip.2</c>'s chosen key); null, with a refusal, when it has none a farm can read.</summary>
    public OtioMediaSource? Of(OtioObject clip)
    {
        var reference = ActiveReference(clip);
        if (reference is null)
            return null;
        switch (reference.Value.Schema.Name)
        {
            case "ExternalReference":
                break;
            case "MissingReference":
                findings.Refuse(clip.Label, $"its media is missing{(reference.Value.Name is { Length: > 0 } name ? $" (\"{name}\")" : "")}: relink it in the editor and export again");
                return null;
            case "GeneratorReference":
                findings.Refuse(clip.Label, $"generated media ({reference.Value.String("generator_kind") ?? "a generator"}) is not supported");
                return null;
            case "ImageSequenceReference":
                findings.Refuse(clip.Label, "image sequences are not supported: render the sequence to a movie file first");
                return null;
            default:
                findings.Refuse(clip.Label, $"its media reference ({reference.Value.Schema.Name}) is not supported");
                return null;
        }
        if (reference.Value.String("target_url") is not { Length: > 0 } url)
        {
            findings.Refuse($"{reference.Value.Path}.target_url", "an ExternalReference needs a target_url");
            return null;
        }
        if (AssetPath(url, reference.Value.Path) is not { } path)
            return null;
        var mediaStart = times.Range(reference.Value, "available_range", required: false)?.Start ?? OtioTime.Zero;
        return new OtioMediaSource(IdFor(path), mediaStart, StillExtensions.Contains(System.IO.Path.GetExtension(path)));
    }

    private OtioObject? ActiveReference(OtioObject clip)
    {
        if (clip.Schema.Version >= 2 && clip.Child("media_references") is not null)
        {
            var key = clip.String("active_media_reference_key") ?? "DEFAULT_MEDIA";
            foreach (var (name, reference) in clip.Entries("media_references"))
            {
                if (name == key)
                    return reference;
            }
            findings.Refuse(clip.Label, $"has no media reference under its active key \"{key}\"");
            return null;
        }
        if (clip.Child("media_reference") is { } single)
            return single;
        findings.Refuse(clip.Label, "has no media reference");
        return null;
    }

    private string? AssetPath(string url, string path)
    {
        string local;
        if (url.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                findings.Refuse($"{path}.target_url", $"\"{url}\" is not a valid file URL");
                return null;
            }
            local = uri.LocalPath;
        }
        else if (UrlScheme().IsMatch(url))
        {
            findings.Refuse($"{path}.target_url", $"only file URLs and file paths are supported (was \"{url}\")");
            return null;
        }
        else
        {
            local = Uri.UnescapeDataString(url);
        }
        local = local.Replace('\\', '/');
        foreach (var rule in options.PathRules)
        {
            if (local.StartsWith(rule.From.Replace('\\', '/'), StringComparison.Ordinal))
            {
                local = rule.To.Replace('\\', '/') + local[rule.From.Length..];
                break;
            }
        }
        if (!IsRooted(local))
            return local;
        if (options.MediaRoot is { } root && UnderRoot(local, root) is { } relative)
            return relative;
        findings.Refuse($"{path}.target_url",
            $"the media at {local} is outside the assets root: map it with a path rule (--map {System.IO.Path.GetDirectoryName(local)?.Replace('\\', '/')}/=) or give the folder it is under (--media-root)");
        return null;
    }

    private static bool IsRooted(string path) => path.StartsWith('/') || DrivePath().IsMatch(path);

    private static string? UnderRoot(string path, string root)
    {
        var prefix = root.Replace('\\', '/').TrimEnd('/') + "/";
        return path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : null;
    }

    private string IdFor(string path)
    {
        if (idsByPath.TryGetValue(path, out var id))
            return id;
        var stem = IdUnsafe().Replace(System.IO.Path.GetFileNameWithoutExtension(path), "-").Trim('-');
        stem = stem.Length == 0 ? "media" : stem[..Math.Min(stem.Length, 56)];
        id = stem;
        for (var n = 2; assets.ContainsKey(id); n++)
            id = $"{stem}-{n}";
        idsByPath[path] = id;
        assets[id] = new AssetRef { Path = path };
        return id;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex UrlScheme();

    [GeneratedRegex("^[A-Za-z]:/")]
    private static partial Regex DrivePath();

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    private static partial Regex IdUnsafe();
}
