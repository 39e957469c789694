using System.Security.Cryptography;

namespace RenderFarm.Timelines;

/// <summary>
/// Reads a timeline and checks it completely: structure first, then every asset it uses is resolved
/// inside the assets root, verified against its SHA-256 when one is given, probed, and matched
/// against the clips that use it. All problems are reported together in one
/// <see cref="TimelineValidationException"/>. A missing assets root is not the timeline's fault and
/// throws <see cref="DirectoryNotFoundException"/> instead.
/// </summary>
public static partial class TimelineLoader
{
    public static async Task<ResolvedTimeline> LoadAsync(
        string timelineFile, string assetsRoot, CancellationToken cancellationToken = default)
    {
        var timeline = TimelineJson.Parse(await File.ReadAllTextAsync(timelineFile, cancellationToken));
        return await ResolveAsync(timeline, assetsRoot, cancellationToken);
    }

    public static Task<ResolvedTimeline> ResolveAsync(
        Timeline timeline, string assetsRoot, CancellationToken cancellationToken = default) =>
        ResolveAsync(timeline, assetsRoot, uploads: null, cancellationToken);

    /// <param name="uploads">Where assets uploaded to the farm (<see cref="AssetRef.Stored"/>) are read; null where there are none.</param>
    public static async Task<ResolvedTimeline> ResolveAsync(
        Timeline timeline, string assetsRoot, IStoredAssets? uploads, CancellationToken cancellationToken = default)
    {
        var structural = TimelineValidator.Validate(timeline);
        if (structural.Count > 0)
            throw new TimelineValidationException(structural);

        var resolver = new AssetPathResolver(assetsRoot);
        var used = UsedAssetIds(timeline);
        var outcomes = new (ResolvedAsset? Asset, List<ValidationError> Errors)[used.Count];
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Environment.ProcessorCount,
        };
        await Parallel.ForEachAsync(Enumerable.Range(0, used.Count), parallel, async (index, token) =>
        {
            var errors = new List<ValidationError>();
            var id = used[index];
            var reference = timeline.Assets[id];
            var asset = reference.Stored
                ? await ResolveStoredAssetAsync(id, reference, uploads, errors, token)
                : await ResolveAssetAsync(id, reference, resolver, errors, token);
            outcomes[index] = (asset, errors);
        });

        var allErrors = outcomes.SelectMany(o => o.Errors).ToList();
        var assets = outcomes
            .Where(o => o.Asset is not null)
            .ToDictionary(o => o.Asset!.Id, o => o.Asset!, StringComparer.Ordinal);
        allErrors.AddRange(CheckMedia(timeline, assets));
        if (allErrors.Count > 0)
            throw new TimelineValidationException(allErrors);
        return new ResolvedTimeline(timeline, assets);
    }

    /// <summary>Ids of the assets some clip uses, in order; an unused asset is never opened.</summary>
    private static List<string> UsedAssetIds(Timeline timeline) =>
        timeline.VideoTracks
            .SelectMany(track => track.Clips)
            .Where(clip => clip.Kind is ClipKind.Video or ClipKind.Image)
            .Select(clip => clip.Asset!)
            .Concat(timeline.AudioTracks.SelectMany(track => track.Clips).Select(clip => clip.Asset))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<ResolvedAsset?> ResolveAssetAsync(
        string id, AssetRef asset, AssetPathResolver resolver, List<ValidationError> errors, CancellationToken cancellationToken)
    {
        var path = resolver.Resolve(asset.Path, $"assets.{id}.path", errors);
        if (path is null)
            return null;

        if (asset.Sha256 is { } expected)
        {
            var actual = await Sha256Async(path, cancellationToken);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                // A different file than the one the timeline was made with: its media says nothing useful.
                errors.Add(new($"assets.{id}.sha256", $"does not match the file, whose SHA-256 is {actual}"));
                return null;
            }
        }

        return await AssetProber.ProbeAsync(id, path, errors, cancellationToken);
    }

    private static async Task<ResolvedAsset?> ResolveStoredAssetAsync(
        string id, AssetRef asset, IStoredAssets? uploads, List<ValidationError> errors, CancellationToken cancellationToken)
    {
        if (uploads is null)
        {
            errors.Add(new($"assets.{id}.stored", "this farm takes no uploaded assets here: name the file by its path under the assets root"));
            return null;
        }
        var sha256 = asset.Sha256!.ToLowerInvariant();
        try
        {
            using var file = await uploads.OpenAsync(sha256, Path.GetExtension(asset.Path), cancellationToken);
            if (file is null)
            {
                errors.Add(new($"assets.{id}.sha256", $"is not in the farm's store: upload '{asset.Path}' first (submit --upload)"));
                return null;
            }
            var probed = await AssetProber.ProbeAsync(id, file.Path, errors, cancellationToken);
            return probed is null ? null : probed with { StoredSha256 = sha256 };
        }
        catch (InvalidDataException e)
        {
            errors.Add(new($"assets.{id}.sha256", $"the store's copy is damaged ({e.Message}): upload '{asset.Path}' again"));
            return null;
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }
}
