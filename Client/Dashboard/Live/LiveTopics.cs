namespace RenderFarm.Dashboard.Live;

/// <summary>What an open page follows: every job it may see, one job, and the cluster's figures.</summary>
public sealed record LiveTopics(bool AllJobs, Guid? Job, bool Cluster)
{
    /// <summary>The topics of <c>/live?topics=jobs,cluster</c> or <c>?topics=job:&lt;id&gt;</c>; null when the text names none or an unknown one.</summary>
    public static LiveTopics? Parse(string? text)
    {
        bool all = false, cluster = false;
        Guid? job = null;
        foreach (var topic in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (topic == "jobs")
                all = true;
            else if (topic == "cluster")
                cluster = true;
            else if (topic.StartsWith("job:", StringComparison.Ordinal) && Guid.TryParse(topic[4..], out var id))
                job = id;
            else
                return null;
        }
        return all || cluster || job is not null ? new LiveTopics(all, job, cluster) : null;
    }

    public bool Wants(Guid jobId) => AllJobs || Job == jobId;
}
