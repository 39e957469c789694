using Microsoft.Extensions.Logging;
using RenderFarm.Media;
using RenderFarm.Storage;

namespace RenderFarm.Jobs;

/// <summary>The job grain's half that keeps its media for as long as the farm's retention says: its uploaded assets while it runs, its output until its time is over.</summary>
public sealed partial class RenderJobGrain
{
    /// <summary>The content hashes of the uploaded assets the job's timeline names.</summary>
    private IEnumerable<string> UploadedAssets =>
        Job.Submitted.Assets.Values.Where(a => a.Stored && a.Sha256 is { } sha && ContentHash.IsValid(sha)).Select(a => a.Sha256!).Distinct(StringComparer.Ordinal);

    /// <summary>From acceptance to its end, no purge removes an asset the job reads.</summary>
    private async Task UseAssetsAsync()
    {
        foreach (var sha256 in UploadedAssets)
            await GrainFactory.GetGrain<IAssetUsageGrain>(sha256).UseAsync(JobId);
    }

    private async Task ReleaseAssetsAsync()
    {
        foreach (var sha256 in UploadedAssets)
        {
            try
            {
                await GrainFactory.GetGrain<IAssetUsageGrain>(sha256).ReleaseAsync(JobId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Kept too long rather than removed too soon: the asset stays until an operator purges it.
                logger.LogWarning("Job {Job}: asset {Sha256} not released: {Error}", JobId, sha256, e.Message);
            }
        }
    }

    async Task<long> IRenderJobGrain.ExpireOutputAsync(DateTimeOffset endedBefore, bool dryRun)
    {
        if (record.RecordExists && (!Job.State.IsTerminal() || Job.FinishedAt > endedBefore))
            return 0;
        var folder = MediaKeys.JobFolder(JobId);
        var bytes = 0L;
        await foreach (var item in store.Objects.ListAsync(folder, CancellationToken.None))
            bytes += item.Size;
        if (dryRun)
            return bytes;
        await store.DeleteJobAsync(JobId, CancellationToken.None);
        // Its still goes with its output: what it showed is no longer the farm's to show.
        await GrainFactory.GetGrain<IJobThumbnailGrain>(JobId).ClearAsync();
        if (record.RecordExists)
        {
            Job.OutputRemovedAt = clock.GetUtcNow();
            await StoreAsync();
            progress!.PublishLater();
        }
        logger.LogInformation("Job {Job}: its {Bytes} bytes in the media store removed, the job having ended at {Ended:O}", JobId, bytes, record.RecordExists ? Job.FinishedAt : null);
        return bytes;
    }
}
