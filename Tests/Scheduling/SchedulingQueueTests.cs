using System.Net;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Scheduling;

public sealed partial class SchedulingQueueTests
{
    private static readonly ResolvedTimeline Spec = new(new Timeline(), new Dictionary<string, ResolvedAsset>());
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private SchedulingQueue queue;

    public SchedulingQueueTests() => queue = new SchedulingQueue(clock);

    /// <summary>The queue under other scheduling options than the defaults (set before anything is queued).</summary>
    private void Configure(SchedulingOptions options) => queue = new SchedulingQueue(clock, options: options);

    private static NodeInfo Node(string id, int slots, int port, double fps = 0, int generation = 1, string? gpu = null) =>
        new(id, SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation), new NodeCapabilities { RenderSlots = slots, BenchmarkFps = fps, Gpu = gpu, Cores = 2 }, "default");

    private JobTicket Job(JobPriority priority, DateTimeOffset? deadline = null, string submitter = "") =>
        new(Guid.NewGuid(), priority, deadline, clock.GetUtcNow()) { Submitter = submitter };

    private static WorkOrder[] Chunks(JobTicket job, int count, int attempt = 1) =>
        Enumerable.Range(0, count).Select(i => Order(job, i, attempt)).ToArray();

    private static WorkOrder Order(JobTicket job, int index, int attempt = 1, int lane = ChunkKey.PrimaryLane) =>
        new(WorkKey.ForChunk(job.JobId, index, lane), attempt, new FrameRange(index * 10, 10), [], []);

    private void Enqueue(JobTicket job, params WorkOrder[] orders) => queue.Enqueue(job, Spec, orders);

    /// <summary>What the job does when it hears an attempt start and end: it tells the queue.</summary>
    private void RunToEnd(WorkAssignment dispatched)
    {
        queue.Started(dispatched.Attempt);
        queue.Ended(dispatched.Attempt);
    }

    [Fact]
    public void Higher_priority_then_nearer_deadline_then_earlier_submission_goes_first()
    {
        queue.NodeUp(Node("n1", 1, 1));
        var low = Job(JobPriority.Low);
        clock.Advance(TimeSpan.FromSeconds(1));
        var normalLate = Job(JobPriority.Normal, deadline: clock.GetUtcNow().AddHours(2));
        var normalSoon = Job(JobPriority.Normal, deadline: clock.GetUtcNow().AddHours(1));
        var high = Job(JobPriority.High);
        foreach (var job in new[] { low, normalLate, normalSoon, high })
            Enqueue(job, Chunks(job, 1));

        var order = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var dispatched = Assert.Single(queue.TakeDispatches());
            order.Add(dispatched.Order.Key.JobId);
            RunToEnd(dispatched);
        }

        Assert.Equal([high.JobId, normalSoon.JobId, normalLate.JobId, low.JobId], order);
    }

    [Fact]
    public void Two_jobs_equal_in_everything_but_id_are_both_queued_and_do_not_interleave()
    {
        queue.NodeUp(Node("n1", 1, 1));
        var first = new JobTicket(new Guid("00000000-0000-0000-0000-000000000001"), JobPriority.Normal, null, clock.GetUtcNow());
        var second = first with { JobId = new Guid("00000000-0000-0000-0000-000000000002") };
        Enqueue(second, Chunks(second, 2));
        Enqueue(first, Chunks(first, 2));

        Assert.Equal(4, queue.Snapshot().Queued);
        var order = new List<(Guid, int)>();
        for (var i = 0; i < 4; i++)
        {
            var dispatched = Assert.Single(queue.TakeDispatches());
            order.Add((dispatched.Order.Key.JobId, dispatched.Order.Key.Index));
            RunToEnd(dispatched);
        }

        Assert.Equal([(first.JobId, 0), (first.JobId, 1), (second.JobId, 0), (second.JobId, 1)], order);
    }

    private static WorkOrder SoundOf(JobTicket job) => new(WorkKey.ForSound(job.JobId), 1, new FrameRange(0, 20), [], []);

    [Fact]
    public void The_sound_runs_in_the_assembly_slot_beside_the_first_chunk_and_the_chunks_go_in_order()
    {
        queue.NodeUp(Node("n1", 1, 1));
        var job = Job(JobPriority.Normal);
        Enqueue(job, [.. Chunks(job, 2).Reverse(), SoundOf(job)]);

        var first = queue.TakeDispatches();
        Assert.Equal([(WorkKind.Sound, 0), (WorkKind.Chunk, 0)], first.Select(d => (d.Order.Key.Kind, d.Order.Key.Index)));
        Assert.Empty(queue.TakeDispatches());
        Assert.Equal(1, queue.Snapshot().Nodes.Single().Running);

        RunToEnd(first[1]);
        Assert.Equal(1, Assert.Single(queue.TakeDispatches()).Order.Key.Index);
    }

    [Fact]
    public void A_node_runs_one_sound_or_merge_at_a_time_whatever_its_render_slots()
    {
        queue.NodeUp(Node("n1", 4, 1));
        var first = Job(JobPriority.Normal);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = Job(JobPriority.Normal);
        Enqueue(first, SoundOf(first));
        Enqueue(second, SoundOf(second));

        var sound = Assert.Single(queue.TakeDispatches());
        Assert.Equal(first.JobId, sound.Order.Key.JobId);
        Assert.Empty(queue.TakeDispatches());
        RunToEnd(sound);
        Assert.Equal(second.JobId, Assert.Single(queue.TakeDispatches()).Order.Key.JobId);
    }

    [Fact]
    public void A_backup_lane_may_start_on_a_node_whose_only_work_is_a_sound()
    {
        queue.NodeUp(Node("a", 1, 1));
        queue.NodeUp(Node("b", 1, 2));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Order(job, 0));
        var primary = Assert.Single(queue.TakeDispatches());
        queue.Started(primary.Attempt);
        var other = Job(JobPriority.Normal);
        Enqueue(other, SoundOf(other));
        var sound = Assert.Single(queue.TakeDispatches());
        Assert.NotEqual(primary.Node, sound.Node);
        queue.Started(sound.Attempt);

        Enqueue(job, Order(job, 0, attempt: 2, lane: ChunkKey.BackupLane) with { Avoid = [primary.Node] });
        Assert.Equal(sound.Node, Assert.Single(queue.TakeDispatches()).Node);
    }

    [Fact]
    public void No_node_gets_more_work_than_its_slots_and_work_spreads()
    {
        queue.NodeUp(Node("a", 2, 1));
        queue.NodeUp(Node("b", 1, 2));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Chunks(job, 10));

        var first = queue.TakeDispatches();

        Assert.Equal(3, first.Count);
        Assert.Equal(2, first.Count(d => d.Node == "a"));
        Assert.Single(first, d => d.Node == "b");
        Assert.Empty(queue.TakeDispatches());
        RunToEnd(first[0]);
        Assert.Single(queue.TakeDispatches());
    }

    [Fact]
    public void A_blocklisted_node_gets_none_of_the_jobs_work_unless_every_node_is_blocklisted()
    {
        queue.NodeUp(Node("a", 1, 1));
        queue.NodeUp(Node("b", 1, 2));
        var job = Job(JobPriority.Normal);
        Enqueue(job, [.. Chunks(job, 2).Select(o => o with { Blocked = ["a"] })]);

        var dispatched = Assert.Single(queue.TakeDispatches());
        Assert.Equal("b", dispatched.Node);

        Enqueue(job, Order(job, 1) with { Blocked = ["a", "b"] });
        RunToEnd(dispatched);
        Assert.Single(queue.TakeDispatches());
    }

    [Fact]
    public void Work_needing_a_gpu_waits_for_a_node_with_one()
    {
        queue.NodeUp(Node("cpu", 1, 1));
        var job = Job(JobPriority.Normal) with { Requirements = new NodeRequirements { Gpu = true } };
        Enqueue(job, Chunks(job, 1));

        Assert.Empty(queue.TakeDispatches());
        queue.NodeUp(Node("gpu", 1, 2, gpu: "NVIDIA T4"));
        Assert.Equal("gpu", Assert.Single(queue.TakeDispatches()).Node);
    }

    [Fact]
    public void A_retry_waits_out_its_backoff_and_prefers_another_node()
    {
        queue.NodeUp(Node("a", 1, 1, fps: 100));
        queue.NodeUp(Node("b", 1, 2, fps: 10));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Order(job, 0, attempt: 2) with { Avoid = ["a"], NotBefore = clock.GetUtcNow().AddSeconds(4) });

        Assert.Empty(queue.TakeDispatches());
        Assert.Equal(clock.GetUtcNow().AddSeconds(4), queue.NextWakeUp);
        clock.Advance(TimeSpan.FromSeconds(4));
        var dispatched = Assert.Single(queue.TakeDispatches());
        Assert.Equal("b", dispatched.Node);
        Assert.Equal(2, dispatched.Order.Attempt);
    }

    [Fact]
    public void A_node_going_down_frees_its_slots_and_the_jobs_new_attempt_goes_elsewhere()
    {
        queue.NodeUp(Node("a", 1, 1));
        queue.NodeUp(Node("b", 1, 2));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Chunks(job, 3));
        var first = queue.TakeDispatches();
        var onA = first.Single(d => d.Node == "a");

        var lost = queue.NodeDown("a");
        RunToEnd(first.Single(d => d.Node == "b"));
        Enqueue(job, Order(job, onA.Order.Key.Index, attempt: 2) with { Avoid = ["a"] });
        var next = queue.TakeDispatches();

        Assert.Equal([onA.Order.Key], lost);
        Assert.Equal(onA.Order.Key, next[0].Order.Key);
        Assert.Equal(2, next[0].Order.Attempt);
        Assert.Equal("b", next[0].Node);
    }

    [Fact]
    public void A_backup_lane_only_goes_to_an_idle_node_other_than_the_stragglers()
    {
        queue.NodeUp(Node("a", 2, 1));
        queue.NodeUp(Node("b", 2, 2));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Chunks(job, 2));
        var running = queue.TakeDispatches();
        var straggler = running[0];
        RunToEnd(running[1]);

        Enqueue(job, Order(job, straggler.Order.Key.Index, attempt: 2, lane: ChunkKey.BackupLane) with { Avoid = [straggler.Node] });
        var backup = Assert.Single(queue.TakeDispatches());

        Assert.Equal(ChunkKey.BackupLane, backup.Order.Key.Lane);
        Assert.NotEqual(straggler.Node, backup.Node);
    }

    [Fact]
    public void A_restarted_node_is_sent_work_on_its_new_silo_even_if_news_of_its_old_one_comes_later()
    {
        var restarted = Node("a", 1, 1, generation: 2);
        queue.NodeUp(restarted);
        queue.NodeUp(Node("a", 1, 1, generation: 1));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Chunks(job, 1));

        var dispatched = Assert.Single(queue.TakeDispatches());

        Assert.Equal(restarted.Silo, dispatched.Silo);
    }

    [Fact]
    public void An_order_sent_again_under_the_same_number_frees_the_slot_of_the_delivery_turned_away()
    {
        queue.NodeUp(Node("a", 1, 1));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Chunks(job, 1));
        var first = Assert.Single(queue.TakeDispatches());

        Enqueue(job, first.Order with { NotBefore = clock.GetUtcNow().AddMilliseconds(250) });

        Assert.Empty(queue.TakeDispatches());
        Assert.Equal(0, queue.Snapshot().Running);
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(first.Order.Attempt, Assert.Single(queue.TakeDispatches()).Order.Attempt);
    }

    [Fact]
    public void Reports_of_an_older_attempt_or_another_node_do_not_free_the_slot_of_the_running_one()
    {
        queue.NodeUp(Node("a", 1, 1));
        queue.NodeUp(Node("b", 1, 2));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Order(job, 0, attempt: 2), Order(job, 1), Order(job, 2));
        var first = queue.TakeDispatches().Single(d => d.Order.Key.Index == 0);

        queue.Ended(first.Attempt with { Attempt = 1 });
        queue.Ended(first.Attempt with { Node = first.Node == "a" ? "b" : "a" });
        queue.Enqueue(job, Spec, [first.Order with { Attempt = 1 }]);

        Assert.Equal(2, queue.Snapshot().Running);
        Assert.Empty(queue.TakeDispatches());
    }

    [Fact]
    public void A_dispatch_never_confirmed_is_sent_again_under_its_number_after_the_timeout_and_a_confirmed_one_is_not()
    {
        queue.NodeUp(Node("a", 2, 1));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Chunks(job, 2));
        var dispatched = queue.TakeDispatches();
        queue.Started(dispatched[0].Attempt);

        clock.Advance(SchedulingQueue.DispatchConfirmTimeout);
        Assert.Empty(queue.TakeUnconfirmed(SchedulingQueue.DispatchConfirmTimeout));
        clock.Advance(TimeSpan.FromSeconds(1));
        var lost = queue.TakeUnconfirmed(SchedulingQueue.DispatchConfirmTimeout);

        Assert.Equal([dispatched[1].Order.Key], lost);
        var again = Assert.Single(queue.TakeDispatches());
        Assert.Equal(dispatched[1].Order, again.Order);
    }

    [Fact]
    public void A_start_heard_after_the_dispatch_was_thought_lost_takes_the_order_out_of_the_queue()
    {
        queue.NodeUp(Node("a", 1, 1));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Chunks(job, 2));
        var dispatched = Assert.Single(queue.TakeDispatches());
        clock.Advance(SchedulingQueue.DispatchConfirmTimeout + TimeSpan.FromSeconds(1));
        queue.TakeUnconfirmed(SchedulingQueue.DispatchConfirmTimeout);

        queue.Started(dispatched.Attempt);

        Assert.Equal(1, queue.Snapshot().Running);
        Assert.Equal(1, queue.Snapshot().Queued);
        Assert.Empty(queue.TakeDispatches());
    }

    [Fact]
    public void A_paused_pool_dispatches_nothing_until_resumed()
    {
        queue.NodeUp(Node("a", 1, 1));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Chunks(job, 1));
        queue.Paused = true;

        Assert.Empty(queue.TakeDispatches());
        Assert.True(queue.Snapshot().Paused);
        queue.Paused = false;
        Assert.Single(queue.TakeDispatches());
    }

    [Fact]
    public void A_withdrawn_job_keeps_its_running_slots_and_loses_its_queued_orders()
    {
        queue.NodeUp(Node("a", 1, 1));
        var job = Job(JobPriority.Normal);
        Enqueue(job, Chunks(job, 3));
        var running = Assert.Single(queue.TakeDispatches());

        queue.Withdraw(job.JobId);

        Assert.Equal(0, queue.Snapshot().Queued);
        Assert.Equal(1, queue.Snapshot().Running);
        RunToEnd(running);
        Assert.Empty(queue.TakeDispatches());
    }
}
