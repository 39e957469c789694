using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Scheduling;

namespace RenderFarm.Scaling;

/// <summary>What one evaluation reads of its pool: the scheduler's queue and slots, the registry's nodes, and the outlook of each job with queued work.</summary>
public sealed record PoolReading(SchedulerSnapshot Scheduler, IReadOnlyList<NodeStatus> Nodes)
{
    /// <summary>
    /// The outlook of at most this many jobs is read at an evaluation, the nearest deadlines first: the
    /// machines of the jobs beyond them (no deadline, or far off) are of the cheapest offer anyway.
    /// </summary>
    public const int JobsRead = 50;

    /// <summary>The jobs with work waiting for a slot; a job that did not answer is left out (its work still counts in the queue).</summary>
    public IReadOnlyList<JobOutlook> Jobs { get; init; } = [];

    public static async Task<PoolReading> ReadAsync(IGrainFactory grains, string pool)
    {
        var scheduler = grains.GetGrain<ISchedulerGrain>(pool).GetSnapshotAsync();
        var nodes = grains.GetGrain<INodeRegistryGrain>(pool).GetNodesAsync();
        var snapshot = await scheduler;
        var read = snapshot.Jobs.Where(j => j.Queued > 0).OrderBy(j => j.Deadline ?? DateTimeOffset.MaxValue).ThenByDescending(j => j.Queued).Take(JobsRead);
        var jobs = await Task.WhenAll(read.Select(j => OutlookAsync(grains, j)));
        return new PoolReading(snapshot, await nodes) { Jobs = jobs.OfType<JobOutlook>().ToList() };
    }

    private static async Task<JobOutlook?> OutlookAsync(IGrainFactory grains, QueuedJob job)
    {
        try
        {
            return JobOutlook.Of(job, await grains.GetGrain<IRenderJobGrain>(job.JobId).GetStatusAsync());
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    /// <summary>
    /// Work runs on the node: by the scheduler's count, which is current, or by the node's last report,
    /// which still counts what a draining node (gone from the scheduler) has to finish.
    /// </summary>
    public bool Busy(string nodeId) =>
        (Scheduler.Nodes.FirstOrDefault(n => n.NodeId == nodeId) is { } slots && (slots.Running > 0 || slots.Assembling))
        || Node(nodeId)?.Load.Running > 0;

    public NodeStatus? Node(string nodeId) => Nodes.FirstOrDefault(n => n.Info.NodeId == nodeId);
}
