using System.Security.Cryptography;
using RenderFarm.Timelines;

namespace RenderFarm.Client.Media;

/// <summary>An asset of a timeline as a file on this machine, with its size and SHA-256.</summary>
internal sealed record LocalAsset(string Id, string Path, long Size, string Sha256)
{
    /// <summary>
    /// The files of the assets some clip uses, resolved against <paramref name="folder"/> and hashed; an
    /// asset already uploaded is left as it is. Every file missing or outside the folder is named at once.
    /// </summary>
    public static async Task<IReadOnlyList<LocalAsset>> FindAsync(Timeline timeline, string folder, CancellationToken cancellationToken)
    {
        var root = System.IO.Path.GetFullPath(folder);
        var inside = System.IO.Path.EndsInDirectorySeparator(root) ? root : root + System.IO.Path.DirectorySeparatorChar;
        var errors = new List<ValidationError>();
        var found = new List<(string Id, string Path)>();
        foreach (var id in UsedAssetIds(timeline))
        {
            if (!timeline.Assets.TryGetValue(id, out var asset) || asset.Stored)
                continue;
            var field = $"assets.{id}.path";
            if (string.IsNullOrEmpty(asset.Path) || System.IO.Path.IsPathRooted(asset.Path))
            {
                errors.Add(new(field, "must be relative to the assets folder"));
                continue;
            }
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, asset.Path));
            if (!path.StartsWith(inside, StringComparison.Ordinal))
                errors.Add(new(field, $"must stay inside the assets folder {root}"));
            else if (!File.Exists(path))
                errors.Add(new(field, $"does not exist under {root}"));
            else if (new FileInfo(path).Length == 0)
                errors.Add(new(field, "is empty"));
            else
                found.Add((id, path));
        }
        if (errors.Count > 0)
            throw new TimelineValidationException(errors);

        var hashed = new LocalAsset[found.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, found.Count), cancellationToken, async (i, token) =>
        {
            var (id, path) = found[i];
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, token));
            hashed[i] = new LocalAsset(id, path, stream.Length, sha);
        });
        return hashed;
    }

    private static IEnumerable<string> UsedAssetIds(Timeline timeline) =>
        timeline.VideoTracks
            .SelectMany(track => track.Clips)
            .Where(clip => clip.Kind is ClipKind.Video or ClipKind.Image && clip.Asset is not null)
            .Select(clip => clip.Asset!)
            .Concat(timeline.AudioTracks.SelectMany(track => track.Clips).Select(clip => clip.Asset))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
}
