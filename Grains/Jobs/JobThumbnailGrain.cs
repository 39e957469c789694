namespace RenderFarm.Jobs;

/// <summary>
/// The latest still of a job's render. Stills come about every two seconds per running chunk; the newest is
/// answered from memory at once and stored at most every <see cref="StorePeriod"/> (and when the grain goes),
/// so a job's record never grows with them and storage sees a few writes a minute.
/// </summary>
public sealed class JobThumbnailGrain(
    [PersistentState("job-thumbnail", RenderFarmNames.Storage)] IPersistentState<JobThumbnailRecord> record,
    TimeProvider clock) : Grain, IJobThumbnailGrain
{
    public static readonly TimeSpan StorePeriod = TimeSpan.FromSeconds(5);

    private JobThumbnail? latest;
    private DateTimeOffset storedAt = DateTimeOffset.MinValue;
    private IGrainTimer? storeLater;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        latest = record.State.Latest;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(latest, record.State.Latest))
            await StoreAsync();
    }

    async Task IJobThumbnailGrain.SetAsync(JobThumbnail thumbnail)
    {
        if (latest is not null && thumbnail.RenderedAt < latest.RenderedAt)
            return;
        latest = thumbnail;
        var due = storedAt + StorePeriod - clock.GetUtcNow();
        if (due <= TimeSpan.Zero)
            await StoreAsync();
        else
            storeLater ??= this.RegisterGrainTimer(StoreAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    Task<JobThumbnail?> IJobThumbnailGrain.GetAsync() => Task.FromResult(latest);

    async Task IJobThumbnailGrain.ClearAsync()
    {
        storeLater?.Dispose();
        storeLater = null;
        latest = null;
        record.State.Latest = null;
        if (record.RecordExists)
            await record.ClearStateAsync();
    }

    private async Task StoreAsync()
    {
        storeLater?.Dispose();
        storeLater = null;
        record.State.Latest = latest;
        storedAt = clock.GetUtcNow();
        await record.WriteStateAsync();
    }
}
