namespace RenderFarm.Jobs;

/// <summary>
/// The farm's list of jobs, for listings and dashboards: one <see cref="JobSummary"/> per job, newest
/// first. Every silo has one (<see cref="JobIndexServices"/>); in farm mode it is a table of the farm
/// database, otherwise memory shared by the cluster. The job grain is its only writer.
/// </summary>
public interface IJobIndex
{
    /// <summary>Adds the job, or replaces what the index holds of it. Nothing is ever removed.</summary>
    Task RecordAsync(JobSummary summary, CancellationToken cancellationToken = default);

    /// <exception cref="ArgumentException">The query's limit is out of range or its page token is not one this index gave out.</exception>
    Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many of the pool's jobs are in each state; states with none are left out.</summary>
    Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(string pool, CancellationToken cancellationToken = default);
}
