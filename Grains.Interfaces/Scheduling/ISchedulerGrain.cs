using RenderFarm.Nodes;
using RenderFarm.Timelines;

namespace RenderFarm.Scheduling;

/// <summary>
/// Orders the pool's queued work across all jobs and dispatches each order to a node with a free
/// slot. It owns the slots (what runs where); jobs own everything about their work and tell it what
/// changes scheduling. Its queue is derived state: the jobs and the nodes can rebuild it.
/// </summary>
[Alias("RenderFarm.ISchedulerGrain")]
public interface ISchedulerGrain : IGrainWithStringKey
{
    /// <summary>Queues a job's orders (an order already queued for the same piece is replaced); <paramref name="spec"/> travels with each dispatch.</summary>
    [Alias("Enqueue")] Task EnqueueAsync(JobTicket job, ResolvedTimeline spec, IReadOnlyList<WorkOrder> orders);

    /// <summary>The job's priority or deadline changed: its queued and running work is ordered by this ticket from the next dispatch on.</summary>
    [Alias("UpdateTicket")] Task UpdateTicketAsync(JobTicket job);

    /// <summary>Drops a job's queued orders (it is pausing); its running attempts keep their slots until they end.</summary>
    [Alias("Withdraw")] Task WithdrawAsync(Guid jobId);

    /// <summary>The job heard the attempt start: its slot is confirmed (a dispatch never confirmed is sent again).</summary>
    [Alias("AttemptStarted"), OneWay] Task AttemptStartedAsync(AttemptRef attempt);

    /// <summary>The job heard the attempt end, or gave it up: its slot is free.</summary>
    [Alias("AttemptEnded"), OneWay] Task AttemptEndedAsync(AttemptRef attempt);

    /// <summary>The job has ended: nothing of it is queued or counted any more.</summary>
    [Alias("ForgetJob")] Task ForgetJobAsync(Guid jobId);

    [Alias("NodeUp")] Task NodeUpAsync(NodeInfo node);

    /// <summary>The uploaded assets (content hashes) the node's cache holds now: work that reads them goes there when it can.</summary>
    [Alias("NodeHolds"), OneWay] Task NodeHoldsAsync(string nodeId, IReadOnlyList<string> sha256s);

    /// <summary>A node stopped or is draining: its slots are gone (its jobs see their attempts end).</summary>
    [Alias("NodeDown")] Task NodeDownAsync(string nodeId);

    /// <summary>Membership declared a silo dead: every node on it is down.</summary>
    [Alias("SiloDown")] Task SiloDownAsync(SiloAddress silo);

    /// <summary>"Pause all": nothing of the pool is dispatched until <see cref="ResumePoolAsync"/>; running attempts finish. Survives restarts.</summary>
    [Alias("PausePool")] Task PausePoolAsync();

    [Alias("ResumePool")] Task ResumePoolAsync();

    [Alias("GetSnapshot"), AlwaysInterleave] Task<SchedulerSnapshot> GetSnapshotAsync();
}
