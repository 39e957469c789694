using System.Collections.Concurrent;
using RenderFarm.Jobs;

namespace RenderFarm.Dashboard.Live;

/// <summary>Every page with its live connection open, and the fan-out of each farm event to the pages that may see it.</summary>
public sealed class OpenPages
{
    private readonly ConcurrentDictionary<OpenPage, byte> pages = new();

    public int Count => pages.Count;
    public bool AnyWatchCluster => pages.Keys.Any(p => p.Topics.Cluster);

    public IDisposable Open(OpenPage page)
    {
        pages.TryAdd(page, 0);
        return new Closing(this, page);
    }

    /// <summary>A job's change, to the pages that follow it and whose user may see it (the farm's own rule, <see cref="Access.CallerIdentity.MayActOnJobOf"/>).</summary>
    public void JobChanged(JobSummary job)
    {
        var update = new PageEvent("job", JobUpdate.From(job));
        foreach (var page in pages.Keys)
        {
            if (page.Topics.Wants(job.JobId) && page.User.Identity.MayActOnJobOf(job.Submitter))
                page.Push(update);
        }
    }

    /// <summary>The cluster's figures, each page getting the jobs' lines its user may see.</summary>
    public void ClusterRead(Metrics.FarmMetrics reading)
    {
        foreach (var page in pages.Keys)
        {
            if (page.Topics.Cluster)
                page.Push(new PageEvent("cluster", ClusterUpdate.From(reading, page.User.Identity)));
        }
    }

    private sealed class Closing(OpenPages owner, OpenPage page) : IDisposable
    {
        public void Dispose() => owner.pages.TryRemove(page, out _);
    }
}
