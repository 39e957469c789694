using Orleans.Concurrency;

namespace RenderFarm.Jobs;

/// <summary>The one in-memory job index of a cluster whose silos share no memory or database (<see cref="ClusterJobIndex"/>).</summary>
[Alias("RenderFarm.IJobIndexStoreGrain")]
public interface IJobIndexStoreGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("Record")] Task RecordAsync(JobSummary summary);
    [Alias("List"), ReadOnly] Task<JobPage> ListAsync(JobQuery query);
    [Alias("CountByState"), ReadOnly] Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(string pool);
}
