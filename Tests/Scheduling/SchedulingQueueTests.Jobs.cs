using RenderFarm.Jobs;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Scheduling;

public sealed partial class SchedulingQueueTests
{
    [Fact]
    public void The_snapshot_names_each_job_with_work_its_deadline_and_its_orders_queued_and_running()
    {
        queue.NodeUp(Node("n1", 2, 1));
        var due = clock.GetUtcNow().AddHours(1);
        var urgent = Job(JobPriority.Normal, deadline: due);
        var relaxed = Job(JobPriority.Normal);
        Enqueue(urgent, Chunks(urgent, 3));
        Enqueue(relaxed, Chunks(relaxed, 1));

        foreach (var dispatched in queue.TakeDispatches())
            queue.Started(dispatched.Attempt);

        Assert.Equal(
            [new QueuedJob(urgent.JobId, due, Queued: 1, Running: 2), new QueuedJob(relaxed.JobId, null, Queued: 1, Running: 0)],
            queue.Snapshot().Jobs.OrderBy(j => j.Deadline is null).ToList());
    }
}
