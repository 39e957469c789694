namespace RenderFarm.Scheduling;

/// <summary>An order in the scheduler's queue with the ticket of its job, which it is ordered by.</summary>
public sealed record QueuedWork(JobTicket Job, WorkOrder Order)
{
    public WorkKey Key => Order.Key;
}
