namespace RenderFarm.Jobs;

/// <summary>The job index of a cluster that shares neither a process nor a database: one grain, <see cref="JobIndexStoreGrain"/>.</summary>
public sealed class ClusterJobIndex(IGrainFactory grains) : IJobIndex
{
    private IJobIndexStoreGrain Store => grains.GetGrain<IJobIndexStoreGrain>(IJobIndexStoreGrain.Key);

    public Task RecordAsync(JobSummary summary, CancellationToken cancellationToken = default) =>
        Store.RecordAsync(summary).WaitAsync(cancellationToken);

    public Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        // Checked here too, so a bad query fails at its caller without a call to the store.
        query.Validate();
        JobIndexKey.FromPageToken(query.PageToken);
        return Store.ListAsync(query).WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(string pool, CancellationToken cancellationToken = default) =>
        Store.CountByStateAsync(pool).WaitAsync(cancellationToken);
}
