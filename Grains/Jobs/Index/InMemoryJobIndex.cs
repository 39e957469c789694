namespace RenderFarm.Jobs;

/// <summary>
/// The job index in this process's memory: summaries kept in listing order, found by binary search,
/// so a page is read from its cursor on, however deep. Filters are checked row by row from there,
/// which suits the few thousand jobs of an embedded or test farm; a farm of many uses PostgreSQL.
/// Safe to share between the silos of one process.
/// </summary>
public sealed class InMemoryJobIndex : IJobIndex
{
    private readonly Lock sync = new();
    private readonly List<JobSummary> ordered = [];
    private readonly Dictionary<Guid, JobSummary> byId = [];

    public Task RecordAsync(JobSummary summary, CancellationToken cancellationToken = default)
    {
        summary = JobIndexRules.Normalise(summary);
        lock (sync)
        {
            if (byId.TryGetValue(summary.JobId, out var previous))
                ordered.RemoveAt(Position(JobIndexKey.Of(previous)));
            ordered.Insert(Position(JobIndexKey.Of(summary)), summary);
            byId[summary.JobId] = summary;
        }
        return Task.CompletedTask;
    }

    public Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        var after = JobIndexKey.FromPageToken(query.PageToken);
        var states = JobIndexRules.StateNames(query)?.ToHashSet(StringComparer.Ordinal);
        var rows = new List<JobSummary>(query.Limit + 1);
        lock (sync)
        {
            var start = 0;
            if (after is { } cursor)
            {
                start = Position(cursor);
                if (start < ordered.Count && JobIndexKey.Of(ordered[start]) == cursor)
                    start++;
            }
            for (var i = start; i < ordered.Count && rows.Count <= query.Limit; i++)
            {
                var job = ordered[i];
                if ((states is null || states.Contains(job.State.ToString()))
                    && (query.Pool is null || job.Pool == query.Pool)
                    && (query.Submitter is null || job.Submitter == query.Submitter)
                    && (query.Project is null || job.Project == query.Project)
                    && (query.Text is not { Length: > 0 } text || job.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                        || job.JobId.ToString("N").StartsWith(query.IdPrefix!, StringComparison.Ordinal)))
                    rows.Add(job);
            }
        }
        return Task.FromResult(JobIndexRules.Page(rows, query.Limit));
    }

    public Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(string pool, CancellationToken cancellationToken = default)
    {
        lock (sync)
        {
            IReadOnlyDictionary<JobState, int> counts = byId.Values.Where(job => job.Pool == pool)
                .GroupBy(job => job.State).ToDictionary(g => g.Key, g => g.Count());
            return Task.FromResult(counts);
        }
    }

    /// <summary>Index of the first summary not listed before <paramref name="key"/>.</summary>
    private int Position(JobIndexKey key)
    {
        int low = 0, high = ordered.Count;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (JobIndexKey.Of(ordered[middle]).CompareTo(key) < 0)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }
}
