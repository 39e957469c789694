namespace RenderFarm.Metrics;

/// <summary>
/// The rates of a reading, from the difference of its counters to the reading before: frames per second
/// of each job (its frames done, running chunks' included) and of the farm (the sum over its jobs), frames
/// per second of each node and chunks per second of the farm (the nodes' committed-chunk counters), and
/// each job's time to go at its rate. A counter that went down (a chunk rendered again, a node restarted)
/// counts as no progress; a job or node the previous reading did not have gets no rate yet, and a job
/// that ended between the readings no longer counts.
/// </summary>
public static class FarmMetricsRates
{
    /// <summary><paramref name="current"/> with its rates; without a previous reading (or one not earlier) every rate is null.</summary>
    public static FarmMetrics Apply(FarmMetrics current, FarmMetrics? previous)
    {
        var seconds = previous is null ? 0 : (current.ReadAt - previous.ReadAt).TotalSeconds;
        if (previous is null || seconds <= 0)
            return current with { FramesPerSecond = null, ChunksPerSecond = null };
        var jobsBefore = previous.Jobs.ToDictionary(j => j.JobId);
        var nodesBefore = previous.Nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var jobs = current.Jobs.Select(job => jobsBefore.TryGetValue(job.JobId, out var before) ? WithRate(job, PerSecond(job.FramesDone, before.FramesDone, seconds)) : job).ToList();
        var nodes = current.Nodes.Select(node => nodesBefore.TryGetValue(node.NodeId, out var before)
            ? node with { FramesPerSecond = PerSecond(node.FramesRendered, before.FramesRendered, seconds) }
            : node).ToList();
        var chunks = current.Nodes.Sum(node => nodesBefore.TryGetValue(node.NodeId, out var before) ? Increase(node.ChunksCompleted, before.ChunksCompleted) : 0);
        return current with
        {
            Jobs = jobs,
            Nodes = nodes,
            FramesPerSecond = jobs.Sum(j => j.FramesPerSecond ?? 0),
            ChunksPerSecond = chunks / seconds,
        };
    }

    /// <summary>How much a counter grew; one that went down (reset or rendered again) did not grow.</summary>
    public static long Increase(long now, long before) => Math.Max(0, now - before);

    public static double PerSecond(long now, long before, double seconds) => Increase(now, before) / seconds;

    /// <summary>The frames still to render at <paramref name="framesPerSecond"/>; null at no speed.</summary>
    public static TimeSpan? Eta(int framesLeft, double framesPerSecond) =>
        framesPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, framesLeft) / framesPerSecond) : null;

    private static JobMetrics WithRate(JobMetrics job, double framesPerSecond) =>
        job with { FramesPerSecond = framesPerSecond, Eta = Eta(job.TotalFrames - job.FramesDone, framesPerSecond) };
}
