using System.Security.Cryptography;
using RenderFarm.Media;
using RenderFarm.Timelines;

namespace RenderFarm.Client.Media;

/// <summary>
/// Sends a timeline's media to the farm by content: each file is hashed, the farm is asked which hashes
/// it holds, and only the rest travel, in parts, a few at once; an upload broken off carries on with the
/// parts the farm lacks. The timeline that comes back names its assets by content.
/// </summary>
internal sealed class AssetUploader(IClusterClient cluster)
{
    private const int PartsInFlight = 3;

    public async Task<UploadedTimeline> UploadAsync(Timeline timeline, string folder, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var assets = await LocalAsset.FindAsync(timeline, folder, cancellationToken);
        var distinct = assets.DistinctBy(a => a.Sha256).ToList();
        var missing = (await FarmCallRetry.RunAsync(
                () => cluster.GetGrain<IMediaCatalogGrain>(0).MissingAsync(distinct.Select(a => a.Sha256).ToList()), cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

        var (sent, bytesSent, held, bytesHeld) = (0, 0L, 0, 0L);
        foreach (var asset in distinct)
        {
            if (!missing.Contains(asset.Sha256))
            {
                progress?.Report(new TransferProgress(Name(asset), asset.Size, asset.Size, asset.Size));
                (held, bytesHeld) = (held + 1, bytesHeld + asset.Size);
                continue;
            }
            var travelled = await UploadOneAsync(asset, progress, cancellationToken);
            (sent, bytesSent) = (sent + 1, bytesSent + travelled);
            bytesHeld += asset.Size - travelled;
        }

        var byId = assets.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var named = timeline.Assets.ToDictionary(
            pair => pair.Key,
            pair => byId.TryGetValue(pair.Key, out var local) ? pair.Value with { Sha256 = local.Sha256, Stored = true } : pair.Value,
            StringComparer.Ordinal);
        return new UploadedTimeline(timeline with { Assets = named }, sent, bytesSent, held, bytesHeld);
    }

    /// <returns>The bytes that travelled (fewer than the file's when an earlier upload left parts).</returns>
    private async Task<long> UploadOneAsync(LocalAsset asset, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var upload = cluster.GetGrain<IAssetUploadGrain>(asset.Sha256);
        var state = await FarmCallRetry.RunAsync(() => upload.BeginAsync(asset.Size), cancellationToken);
        if (state.Held)
        {
            progress?.Report(new TransferProgress(Name(asset), asset.Size, asset.Size, asset.Size));
            return 0;
        }

        var skipped = state.BytesReceived;
        var done = skipped;
        progress?.Report(new TransferProgress(Name(asset), done, asset.Size, skipped));
        var todo = Enumerable.Range(0, UploadRules.PartCount(asset.Size)).Except(state.PartsReceived).ToList();
        using var file = File.OpenHandle(asset.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = PartsInFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(todo, parallel, async (part, token) =>
        {
            var bytes = new byte[UploadRules.PartLength(asset.Size, part)];
            var read = await RandomAccess.ReadAsync(file, bytes, (long)part * UploadRules.PartSize, token);
            if (read != bytes.Length)
                throw new IOException($"{asset.Path} changed while it was uploaded: part {part} is {read} bytes, not {bytes.Length}");
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            await FarmCallRetry.RunAsync(() => upload.WritePartAsync(part, bytes, sha), token);
            progress?.Report(new TransferProgress(Name(asset), Interlocked.Add(ref done, bytes.Length), asset.Size, skipped));
        });
        await FarmCallRetry.RunAsync(() => upload.CompleteAsync(), cancellationToken);
        return asset.Size - skipped;
    }

    private static string Name(LocalAsset asset) => Path.GetFileName(asset.Path);
}
