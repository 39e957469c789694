using RenderFarm.Chunks;
using RenderFarm.Nodes;

namespace RenderFarm.Scheduling;

/// <summary>
/// Orders runnable chunks across all jobs of a pool and dispatches each to a node with a free slot.
/// Its queue is derived state: jobs and nodes can rebuild it.
/// </summary>
[Alias("RenderFarm.ISchedulerGrain")]
public interface ISchedulerGrain : IGrainWithStringKey
{
    [Alias("Enqueue")] Task EnqueueAsync(JobTicket job, IReadOnlyList<ChunkWork> chunks);
    /// <summary>The attempt started on its node (a dispatch never confirmed is sent again).</summary>
    [Alias("ChunkStarted"), OneWay] Task ChunkStartedAsync(ChunkReport report);
    [Alias("ChunkFinished"), OneWay] Task ChunkFinishedAsync(ChunkReport report, ChunkOutcome outcome);
    [Alias("ForgetJob")] Task ForgetJobAsync(Guid jobId);
    /// <summary>Gives up an attempt (it stalled, or lost a race): frees its slot and, if given, queues the chunk again.</summary>
    [Alias("Abandon")] Task AbandonAsync(ChunkReport report, ChunkWork? requeue);
    /// <summary>Keeps a job's chunks off a node that failed them repeatedly.</summary>
    [Alias("Blocklist")] Task BlocklistAsync(Guid jobId, string nodeId);
    [Alias("NodeUp")] Task NodeUpAsync(NodeInfo node);
    /// <summary>A node stopped or is draining: its running chunks go back to the queue.</summary>
    [Alias("NodeDown")] Task NodeDownAsync(string nodeId);
    /// <summary>Membership declared a silo dead: every node on it is down.</summary>
    [Alias("SiloDown")] Task SiloDownAsync(SiloAddress silo);
    [Alias("GetSnapshot"), AlwaysInterleave] Task<SchedulerSnapshot> GetSnapshotAsync();
}
