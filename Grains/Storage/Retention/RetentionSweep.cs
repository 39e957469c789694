using RenderFarm.Jobs;
using RenderFarm.Media;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.Retention;

/// <summary>
/// One pass over the media store: it lists each kind of object, keeps to those whose store time is
/// already past the cutoff (nothing newer can be due), and asks the grain that owns each whether it
/// goes. A failure on one item is noted in the report and the pass goes on.
/// </summary>
internal sealed class RetentionSweep(IObjectStore objects, IGrainFactory grains)
{
    /// <summary>Errors beyond these are counted, not listed: a store that is down fails every item the same way.</summary>
    private const int ErrorsListed = 20;

    private readonly List<string> errors = [];
    private int errorsUnlisted;

    public async Task<PurgeReport> RunAsync(PurgeReport cutoffs, CancellationToken cancellationToken)
    {
        var report = cutoffs;
        if (cutoffs.OutputsEndedBefore is { } ended)
            report = await OutputsAsync(report, ended, cancellationToken);
        if (cutoffs.AssetsUnusedSince is { } unused)
            report = await AssetsAsync(report, unused, cancellationToken);
        if (cutoffs.UploadsIdleSince is { } idle)
            report = await UploadsAsync(report, idle, cancellationToken);
        if (errorsUnlisted > 0)
            errors.Add($"and {errorsUnlisted} more");
        return report with { Errors = errors.ToList() };
    }

    private async Task<PurgeReport> OutputsAsync(PurgeReport report, DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
        var jobs = await NewestByAsync(MediaKeys.JobsPrefix, key => MediaKeys.JobOf(key)?.ToString("N"), cancellationToken);
        foreach (var (job, newest) in jobs)
        {
            if (newest > endedBefore)
                continue;
            var jobId = Guid.ParseExact(job, "N");
            var bytes = await TryAsync($"job {jobId:N}", () => grains.GetGrain<IRenderJobGrain>(jobId).ExpireOutputAsync(endedBefore, report.DryRun));
            if (bytes > 0)
                report = report with { Outputs = report.Outputs + 1, OutputBytes = report.OutputBytes + bytes };
        }
        return report;
    }

    private async Task<PurgeReport> AssetsAsync(PurgeReport report, DateTimeOffset unusedSince, CancellationToken cancellationToken)
    {
        var assets = new List<string>();
        await foreach (var item in objects.ListAsync(MediaKeys.AssetsPrefix, cancellationToken))
        {
            var sha256 = item.Key[MediaKeys.AssetsPrefix.Length..];
            if (item.LastModified <= unusedSince && ContentHash.IsValid(sha256))
                assets.Add(sha256);
        }
        foreach (var sha256 in assets)
        {
            var expiry = await TryAsync($"asset {sha256}", () => grains.GetGrain<IAssetUsageGrain>(sha256).ExpireAsync(unusedSince, report.DryRun)) ?? AssetExpiry.Kept;
            if (expiry.InUse)
                report = report with { AssetsInUse = report.AssetsInUse + 1 };
            else if (expiry.BytesRemoved > 0)
                report = report with { Assets = report.Assets + 1, AssetBytes = report.AssetBytes + expiry.BytesRemoved };
        }
        return report;
    }

    private async Task<PurgeReport> UploadsAsync(PurgeReport report, DateTimeOffset idleSince, CancellationToken cancellationToken)
    {
        var uploads = await NewestByAsync(MediaKeys.UploadsPrefix, UploadOf, cancellationToken);
        foreach (var (sha256, newest) in uploads)
        {
            if (newest > idleSince)
                continue;
            var bytes = await TryAsync($"upload {sha256}", () => grains.GetGrain<IAssetUploadGrain>(sha256).ExpireAsync(idleSince, report.DryRun));
            if (bytes > 0)
                report = report with { Uploads = report.Uploads + 1, UploadBytes = report.UploadBytes + bytes };
        }
        return report;
    }

    /// <summary>The newest object time of each owner (a job, an upload) under the prefix.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> NewestByAsync(string prefix, Func<string, string?> ownerOf, CancellationToken cancellationToken)
    {
        var newest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var item in objects.ListAsync(prefix, cancellationToken))
        {
            if (ownerOf(item.Key) is not { } owner)
                continue;
            newest[owner] = newest.TryGetValue(owner, out var seen) && seen > item.LastModified ? seen : item.LastModified;
        }
        return newest;
    }

    /// <summary>The upload a key under <see cref="MediaKeys.UploadsPrefix"/> is a part of.</summary>
    private static string? UploadOf(string key)
    {
        var rest = key.AsSpan(MediaKeys.UploadsPrefix.Length);
        var slash = rest.IndexOf('/');
        return slash > 0 && ContentHash.IsValid(rest[..slash].ToString()) ? rest[..slash].ToString() : null;
    }

    private async Task<T?> TryAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (errors.Count < ErrorsListed)
                errors.Add($"{what}: {e.Message}");
            else
                errorsUnlisted++;
            return default;
        }
    }
}
