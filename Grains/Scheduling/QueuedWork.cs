namespace RenderFarm.Scheduling;

/// <summary>An order in the scheduler's queue with the ticket of its job, which it is ordered by, and the uploaded assets it reads.</summary>
public sealed record QueuedWork(JobTicket Job, WorkOrder Order)
{
    /// <summary>When the order was queued (sent again after a lost dispatch, it keeps its first time).</summary>
    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>The content hashes of the uploaded assets the piece reads: a node holding them is preferred.</summary>
    public IReadOnlySet<string> Needs { get; init; } = NoAssets;

    public WorkKey Key => Order.Key;

    private static readonly IReadOnlySet<string> NoAssets = new HashSet<string>();
}
