using Orleans.Concurrency;

namespace RenderFarm.Jobs;

/// <summary>
/// Clients' way to the job index: a stateless worker, so a listing is answered on the silo the call
/// reaches (from the farm database, or from the cluster's in-memory index) and many run side by side.
/// </summary>
[StatelessWorker]
public sealed class JobIndexGrain(IJobIndex index) : Grain, IJobIndexGrain
{
    Task<JobPage> IJobIndexGrain.ListAsync(JobQuery query) => index.ListAsync(query);

    Task<IReadOnlyDictionary<JobState, int>> IJobIndexGrain.CountByStateAsync(string pool) => index.CountByStateAsync(pool);
}
