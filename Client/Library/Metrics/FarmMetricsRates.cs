namespace RenderFarm.Metrics;

/// <summary>
/// The rates of a reading, from the difference of its counters to the reading before: frames per second
/// of each job (its frames done, running chunks' included) and of the farm (the sum over its jobs), frames
/// per second of each node and chunks per second of the farm (the nodes' committed-chunk counters), and
/// each job's time to go at its rate.
/// </summary>
/// <remarks>
/// Progress arrives in steps (a running chunk reports about once a second, a node's counters move when a
/// chunk commits), so a rate over one short interval jumps between nothing and double. Each rate is
/// therefore smoothed: the previous reading's rate moves towards the new interval's by a weight of
/// 1 − e^(−interval / <see cref="TimeConstant"/>), whatever the interval; the first rate is the interval's
/// own. A counter that went down (a chunk rendered again, a node restarted) counts as no progress; a job or
/// node the previous reading did not have gets no rate yet, and a job that ended between the readings no
/// longer counts.
/// </remarks>
public static class FarmMetricsRates
{
    /// <summary>How long the rates take to follow a change (about two thirds of the way).</summary>
    public static readonly TimeSpan TimeConstant = TimeSpan.FromSeconds(5);

    /// <summary><paramref name="current"/> with its rates; without a previous reading (or one not earlier) every rate is null.</summary>
    public static FarmMetrics Apply(FarmMetrics current, FarmMetrics? previous)
    {
        var seconds = previous is null ? 0 : (current.ReadAt - previous.ReadAt).TotalSeconds;
        if (previous is null || seconds <= 0)
            return current with { FramesPerSecond = null, ChunksPerSecond = null };
        var weight = 1 - Math.Exp(-seconds / TimeConstant.TotalSeconds);
        double Smooth(double? before, double now) => before is { } rate ? rate + (weight * (now - rate)) : now;

        var jobsBefore = previous.Jobs.ToDictionary(j => j.JobId);
        var nodesBefore = previous.Nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var jobs = current.Jobs.Select(job => jobsBefore.TryGetValue(job.JobId, out var before)
            ? WithRate(job, Smooth(before.FramesPerSecond, PerSecond(job.FramesDone, before.FramesDone, seconds)))
            : job).ToList();
        var nodes = current.Nodes.Select(node => nodesBefore.TryGetValue(node.NodeId, out var before)
            ? node with { FramesPerSecond = Smooth(before.FramesPerSecond, PerSecond(node.FramesRendered, before.FramesRendered, seconds)) }
            : node).ToList();
        var chunks = current.Nodes.Sum(node => nodesBefore.TryGetValue(node.NodeId, out var before) ? Increase(node.ChunksCompleted, before.ChunksCompleted) : 0);
        return current with
        {
            Jobs = jobs,
            Nodes = nodes,
            FramesPerSecond = jobs.Sum(j => j.FramesPerSecond ?? 0),
            ChunksPerSecond = Smooth(previous.ChunksPerSecond, chunks / seconds),
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
