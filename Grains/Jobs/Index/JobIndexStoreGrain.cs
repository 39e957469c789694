namespace RenderFarm.Jobs;

/// <summary>
/// Holds a cluster's <see cref="InMemoryJobIndex"/> when nothing else is shared by its silos (localhost
/// clustering across processes, memory state). Kept alive while its silo runs, since it is the
/// index's only copy; like the rest of that mode's memory state, it is gone when its silo stops.
/// </summary>
[KeepAlive]
public sealed class JobIndexStoreGrain : Grain, IJobIndexStoreGrain
{
    private readonly InMemoryJobIndex index = new();

    Task IJobIndexStoreGrain.RecordAsync(JobSummary summary) => index.RecordAsync(summary);

    Task<JobPage> IJobIndexStoreGrain.ListAsync(JobQuery query) => index.ListAsync(query);

    Task<IReadOnlyDictionary<JobState, int>> IJobIndexStoreGrain.CountByStateAsync(string pool) => index.CountByStateAsync(pool);
}
