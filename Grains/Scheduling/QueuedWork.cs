namespace RenderFarm.Scheduling;

/// <summary>An order in the scheduler's queue with the ticket of its job, which it is ordered by.</summary>
public sealed record QueuedWork(JobTicket Job, WorkOrder Order)
{
    /// <summary>When the order was queued (sent again after a lost dispatch, it keeps its first time).</summary>
    public DateTimeOffset QueuedAt { get; init; }

    public WorkKey Key => Order.Key;
}
