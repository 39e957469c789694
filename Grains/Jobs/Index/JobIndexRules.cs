namespace RenderFarm.Jobs;

/// <summary>What every <see cref="IJobIndex"/> does the same way to what it is given.</summary>
internal static class JobIndexRules
{
    /// <summary>
    /// The summary as the index keeps it: texts never null (a summary from a silo older than a field has none),
    /// times in UTC, the error cut to <see cref="JobSummary.MaxErrorLength"/>.
    /// </summary>
    public static JobSummary Normalise(JobSummary summary) => summary with
    {
        Name = summary.Name ?? "",
        Pool = summary.Pool ?? "",
        Submitter = summary.Submitter ?? "",
        Project = summary.Project ?? "",
        SubmittedAt = summary.SubmittedAt.ToUniversalTime(),
        StartedAt = summary.StartedAt?.ToUniversalTime(),
        FinishedAt = summary.FinishedAt?.ToUniversalTime(),
        Error = summary.Error is { Length: > JobSummary.MaxErrorLength } error ? error[..(JobSummary.MaxErrorLength - 1)] + "…" : summary.Error,
    };

    /// <summary>The states asked for, each once, by name; null for any state.</summary>
    public static string[]? StateNames(JobQuery query) =>
        query.States is { Count: > 0 } states ? states.Select(s => s.ToString()).Distinct(StringComparer.Ordinal).ToArray() : null;

    /// <summary>A page of the rows fetched for it: one row more than the limit says that another page follows.</summary>
    public static JobPage Page(List<JobSummary> rows, int limit)
    {
        if (rows.Count <= limit)
            return new JobPage(rows, null);
        rows.RemoveRange(limit, rows.Count - limit);
        return new JobPage(rows, JobIndexKey.Of(rows[^1]).ToPageToken());
    }
}
