using RenderFarm.Jobs;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Scheduling;

/// <summary>Deadlines, ageing, fair share between users and priority changes: decided at every free slot.</summary>
public sealed partial class SchedulingQueueTests
{
    /// <summary>Takes what is dispatched now, one slot at a time: each dispatch runs to its end before the next take.</summary>
    private List<Guid> DispatchOneByOne(int count)
    {
        var order = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var dispatched = Assert.Single(queue.TakeDispatches());
            order.Add(dispatched.Order.Key.JobId);
            RunToEnd(dispatched);
        }
        return order;
    }

    [Fact]
    public void Inside_a_class_the_nearest_deadline_goes_first_whoever_submitted_it_and_a_job_without_one_last()
    {
        queue.NodeUp(Node("n1", 1, 1));
        var none = Job(JobPriority.Normal, submitter: "ana");
        clock.Advance(TimeSpan.FromSeconds(1));
        var inThreeHours = Job(JobPriority.Normal, clock.GetUtcNow().AddHours(3), "ana");
        var inOneHour = Job(JobPriority.Normal, clock.GetUtcNow().AddHours(1), "ana");
        var inTwoHours = Job(JobPriority.Normal, clock.GetUtcNow().AddHours(2), "ben");
        var high = Job(JobPriority.High, submitter: "ben");
        foreach (var job in new[] { none, inThreeHours, inOneHour, inTwoHours, high })
            Enqueue(job, Chunks(job, 1));

        Assert.Equal([high.JobId, inOneHour.JobId, inTwoHours.JobId, inThreeHours.JobId, none.JobId], DispatchOneByOne(5));
    }

    [Fact]
    public void A_waiting_low_job_rises_a_class_per_ageing_step_past_newer_normal_work_but_never_above_high()
    {
        Configure(new SchedulingOptions { AgeingStep = TimeSpan.FromMinutes(10) });
        queue.NodeUp(Node("n1", 1, 1));
        var low = Job(JobPriority.Low);
        Enqueue(low, Chunks(low, 3));
        clock.Advance(TimeSpan.FromMinutes(5));
        var normal = Job(JobPriority.Normal);
        Enqueue(normal, Chunks(normal, 3));

        // Below one step the low job is low: the newer normal job goes first.
        Assert.Equal([normal.JobId], DispatchOneByOne(1));
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.Equal([normal.JobId], DispatchOneByOne(1));
        // One step: both normal, and the low job was submitted first.
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal([low.JobId], DispatchOneByOne(1));

        // Six steps: high at most, so urgent work submitted now still goes first, and new high work after
        // it, being newer than the aged low job.
        clock.Advance(TimeSpan.FromMinutes(50));
        var urgent = Job(JobPriority.Urgent);
        var high = Job(JobPriority.High);
        Enqueue(urgent, Chunks(urgent, 1));
        Enqueue(high, Chunks(high, 1));
        Assert.Equal(JobPriority.High, DispatchOrder.EffectiveClass(low, clock.GetUtcNow(), TimeSpan.FromMinutes(10)));
        Assert.Equal([urgent.JobId, low.JobId, low.JobId, normal.JobId, high.JobId], DispatchOneByOne(5));
    }

    [Fact]
    public void Two_users_take_turns_at_free_slots_even_when_one_queued_ten_jobs_first()
    {
        queue.NodeUp(Node("n1", 4, 1));
        var ana = new List<JobTicket>();
        for (var i = 0; i < 10; i++)
        {
            ana.Add(Job(JobPriority.Normal, submitter: "ana"));
            Enqueue(ana[^1], Chunks(ana[^1], 2));
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        clock.Advance(TimeSpan.FromMinutes(1));
        var ben = Job(JobPriority.Normal, submitter: "ben");
        Enqueue(ben, Chunks(ben, 10));
        string UserOf(WorkAssignment d) => d.Order.Key.JobId == ben.JobId ? "ben" : "ana";

        var running = new Queue<WorkAssignment>(queue.TakeDispatches());
        var dispatched = running.ToList();
        // Each time the oldest dispatch ends, its slot goes to the user with fewer slots in use.
        for (var i = 0; i < 12; i++)
        {
            RunToEnd(running.Dequeue());
            var next = Assert.Single(queue.TakeDispatches());
            running.Enqueue(next);
            dispatched.Add(next);
        }

        Assert.Equal(Enumerable.Repeat<string[]>(["ana", "ben"], 8).SelectMany(pair => pair), dispatched.Select(UserOf));
        // Among ana's own jobs, the one submitted first goes first.
        Assert.Equal(ana.Take(4).SelectMany(job => new[] { job.JobId, job.JobId }), dispatched.Where(d => UserOf(d) == "ana").Select(d => d.Order.Key.JobId));
    }

    [Fact]
    public void Weights_of_two_to_one_give_two_slots_to_one()
    {
        Configure(new SchedulingOptions { UserWeights = new() { ["ana"] = 2 } });
        queue.NodeUp(Node("n1", 3, 1));
        queue.NodeUp(Node("n2", 3, 2));
        var ana = Job(JobPriority.Normal, submitter: "ana");
        var ben = Job(JobPriority.Normal, submitter: "ben");
        Enqueue(ana, Chunks(ana, 20));
        Enqueue(ben, Chunks(ben, 20));

        var first = queue.TakeDispatches();
        Assert.Equal((4, 2), (first.Count(d => d.Order.Key.JobId == ana.JobId), first.Count(d => d.Order.Key.JobId == ben.JobId)));

        // ana at 4 / 2 and ben at 2 / 1: a slot ben frees goes back to ben, one ana frees back to ana.
        RunToEnd(first.First(d => d.Order.Key.JobId == ben.JobId));
        Assert.Equal(ben.JobId, Assert.Single(queue.TakeDispatches()).Order.Key.JobId);
        RunToEnd(first.First(d => d.Order.Key.JobId == ana.JobId));
        Assert.Equal(ana.JobId, Assert.Single(queue.TakeDispatches()).Order.Key.JobId);
    }

    [Fact]
    public void A_priority_or_deadline_changed_while_queued_decides_the_next_dispatch()
    {
        queue.NodeUp(Node("n1", 1, 1));
        var first = Job(JobPriority.Normal);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = Job(JobPriority.Normal);
        Enqueue(first, Chunks(first, 3));
        Enqueue(second, Chunks(second, 2));
        var running = Assert.Single(queue.TakeDispatches());
        Assert.Equal(first.JobId, running.Order.Key.JobId);

        queue.UpdateTicket(second with { Priority = JobPriority.High });
        Assert.Empty(queue.TakeDispatches());
        RunToEnd(running);
        Assert.Equal([second.JobId], DispatchOneByOne(1));

        // Back to normal, but with a deadline: still before the job without one.
        queue.UpdateTicket(second with { Deadline = clock.GetUtcNow().AddHours(1) });
        Assert.Equal([second.JobId, first.JobId], DispatchOneByOne(2));
        // A ticket for a job the queue does not know changes nothing.
        queue.UpdateTicket(Job(JobPriority.Urgent));
        Assert.Equal([first.JobId], DispatchOneByOne(1));
    }
}
