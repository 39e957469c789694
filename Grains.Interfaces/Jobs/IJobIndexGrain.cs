namespace RenderFarm.Jobs;

/// <summary>
/// Reads the farm's job index from a client: any silo answers from the index it is configured with
/// (the farm database, or the cluster's in-memory index). Use key <see cref="Key"/>.
/// </summary>
[Alias("RenderFarm.IJobIndexGrain")]
public interface IJobIndexGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <exception cref="ArgumentException">The query's limit is out of range or its page token is not one this index gave out.</exception>
    [Alias("List")] Task<JobPage> ListAsync(JobQuery query);

    /// <summary>How many of the pool's jobs are in each state; states without a job are left out.</summary>
    [Alias("CountByState")] Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(string pool);
}
