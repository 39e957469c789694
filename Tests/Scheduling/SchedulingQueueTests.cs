using System.Net;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Scheduling;

public sealed class SchedulingQueueTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly SchedulingQueue queue;

    public SchedulingQueueTests() => queue = new SchedulingQueue(clock);

    private static NodeInfo Node(string id, int slots, int port, double fps = 0, int generation = 1) =>
        new(id, SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation), new NodeCapabilities { RenderSlots = slots, BenchmarkFps = fps }, "default");

    private JobTicket Job(JobPriority priority, DateTimeOffset? deadline = null) =>
        new(Guid.NewGuid(), priority, deadline, clock.GetUtcNow());

    private static ChunkWork[] Chunks(JobTicket job, int count) =>
        Enumerable.Range(0, count).Select(i => new ChunkWork(new ChunkKey(job.JobId, i), new FrameRange(i * 10, 10))).ToArray();

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
            queue.Enqueue(job, Chunks(job, 1));

        var order = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var dispatched = Assert.Single(queue.TakeDispatches());
            order.Add(dispatched.Chunk.JobId);
            queue.Finished(dispatched.Report, ChunkOutcome.Completed);
        }

        Assert.Equal([high.JobId, normalSoon.JobId, normalLate.JobId, low.JobId], order);
    }

    [Fact]
    public void No_node_gets_more_chunks_than_its_slots_and_work_spreads()
    {
        queue.NodeUp(Node("a", 2, 1));
        queue.NodeUp(Node("b", 1, 2));
        var job = Job(JobPriority.Normal);
        queue.Enqueue(job, Chunks(job, 10));

        var first = queue.TakeDispatches();

        Assert.Equal(3, first.Count);
        Assert.Equal(2, first.Count(d => d.Node == "a"));
        Assert.Single(first, d => d.Node == "b");
        Assert.Empty(queue.TakeDispatches());
        queue.Finished(first[0].Report, ChunkOutcome.Completed);
        Assert.Single(queue.TakeDispatches());
    }

    [Fact]
    public void A_blocklisted_node_gets_none_of_the_jobs_chunks_unless_every_node_is_blocklisted()
    {
        queue.NodeUp(Node("a", 1, 1));
        queue.NodeUp(Node("b", 1, 2));
        var job = Job(JobPriority.Normal);
        queue.Blocklist(job.JobId, "a");
        queue.Enqueue(job, Chunks(job, 2));

        var dispatched = Assert.Single(queue.TakeDispatches());
        Assert.Equal("b", dispatched.Node);

        queue.Blocklist(job.JobId, "b");
        queue.Finished(dispatched.Report, ChunkOutcome.Completed);
        Assert.Single(queue.TakeDispatches());
    }

    [Fact]
    public void A_retry_waits_out_its_backoff_and_prefers_another_node()
    {
        queue.NodeUp(Node("a", 1, 1, fps: 100));
        queue.NodeUp(Node("b", 1, 2, fps: 10));
        var job = Job(JobPriority.Normal);
        var work = Chunks(job, 1)[0];
        queue.Enqueue(job, [work with { AvoidNodes = ["a"], NotBefore = clock.GetUtcNow().AddSeconds(4) }]);

        Assert.Empty(queue.TakeDispatches());
        Assert.Equal(clock.GetUtcNow().AddSeconds(4), queue.NextWakeUp);
        clock.Advance(TimeSpan.FromSeconds(4));
        var dispatched = Assert.Single(queue.TakeDispatches());
        Assert.Equal("b", dispatched.Node);
    }

    [Fact]
    public void A_node_going_down_puts_its_chunks_back_first_in_line_on_other_nodes()
    {
        queue.NodeUp(Node("a", 1, 1));
        queue.NodeUp(Node("b", 1, 2));
        var job = Job(JobPriority.Normal);
        queue.Enqueue(job, Chunks(job, 3));
        var first = queue.TakeDispatches();
        var onA = first.Single(d => d.Node == "a");

        var lost = queue.NodeDown("a");
        queue.Finished(first.Single(d => d.Node == "b").Report, ChunkOutcome.Completed);
        var next = Assert.Single(queue.TakeDispatches());

        Assert.Equal([onA.Chunk], lost);
        Assert.Equal(onA.Chunk, next.Chunk);
        Assert.Equal(onA.Attempt + 1, next.Attempt);
        Assert.Equal("b", next.Node);
    }

    [Fact]
    public void A_backup_lane_only_goes_to_an_idle_node_other_than_the_stragglers()
    {
        queue.NodeUp(Node("a", 2, 1));
        queue.NodeUp(Node("b", 2, 2));
        var job = Job(JobPriority.Normal);
        queue.Enqueue(job, Chunks(job, 2));
        var running = queue.TakeDispatches();
        var straggler = running[0];
        queue.Finished(running[1].Report, ChunkOutcome.Completed);

        queue.Enqueue(job, [new ChunkWork(straggler.Chunk, straggler.Range, ChunkKey.BackupLane, [straggler.Node])]);
        var backup = Assert.Single(queue.TakeDispatches());

        Assert.Equal(ChunkKey.BackupLane, backup.Lane);
        Assert.NotEqual(straggler.Node, backup.Node);
        Assert.True(backup.Attempt > straggler.Attempt);
    }

    [Fact]
    public void A_restarted_node_is_sent_work_on_its_new_silo_even_if_news_of_its_old_one_comes_later()
    {
        var restarted = Node("a", 1, 1, generation: 2);
        queue.NodeUp(restarted);
        queue.NodeUp(Node("a", 1, 1, generation: 1));
        var job = Job(JobPriority.Normal);
        queue.Enqueue(job, Chunks(job, 1));

        var dispatched = Assert.Single(queue.TakeDispatches());

        Assert.Equal(restarted.Silo, dispatched.Silo);
    }

    [Fact]
    public void A_misplaced_attempt_is_sent_again_after_a_short_delay_under_its_own_number()
    {
        queue.NodeUp(Node("a", 1, 1));
        var job = Job(JobPriority.Normal);
        queue.Enqueue(job, Chunks(job, 1));
        var first = Assert.Single(queue.TakeDispatches());

        queue.Finished(first.Report, ChunkOutcome.Misplaced);

        Assert.Empty(queue.TakeDispatches());
        clock.Advance(SchedulingQueue.MisplacedRetryDelay);
        Assert.Equal(first.Attempt, Assert.Single(queue.TakeDispatches()).Attempt);
    }

    [Fact]
    public void An_attempt_turned_away_again_and_again_waits_longer_each_time_up_to_a_limit()
    {
        queue.NodeUp(Node("a", 1, 1));
        var job = Job(JobPriority.Normal);
        queue.Enqueue(job, Chunks(job, 1));
        var waits = new List<TimeSpan>();
        var dispatched = Assert.Single(queue.TakeDispatches());

        for (var i = 0; i < 8; i++)
        {
            queue.Finished(dispatched.Report, ChunkOutcome.Misplaced);
            var waited = TimeSpan.Zero;
            IReadOnlyList<ChunkAssignment> again;
            while ((again = queue.TakeDispatches()).Count == 0)
            {
                clock.Advance(TimeSpan.FromMilliseconds(50));
                waited += TimeSpan.FromMilliseconds(50);
            }
            dispatched = Assert.Single(again);
            waits.Add(waited);
        }

        Assert.Equal([250, 500, 1000, 2000, 4000, 8000, 8000, 8000], waits.Select(w => (int)w.TotalMilliseconds));
        Assert.Equal(1, dispatched.Attempt);
    }

    [Fact]
    public void Reports_of_an_older_attempt_do_not_free_the_slot_of_a_newer_one()
    {
        queue.NodeUp(Node("a", 1, 1));
        var job = Job(JobPriority.Normal);
        queue.Enqueue(job, Chunks(job, 2));
        var first = Assert.Single(queue.TakeDispatches());

        queue.Finished(first.Report with { Attempt = first.Attempt - 1 }, ChunkOutcome.Completed);

        Assert.Empty(queue.TakeDispatches());
        Assert.Equal(1, queue.Snapshot().Running);
    }

    [Fact]
    public void A_dispatch_never_confirmed_is_queued_again_after_the_timeout_and_a_confirmed_one_is_not()
    {
        queue.NodeUp(Node("a", 2, 1));
        var job = Job(JobPriority.Normal);
        queue.Enqueue(job, Chunks(job, 2));
        var dispatched = queue.TakeDispatches();
        queue.Confirm(dispatched[0].Report);

        clock.Advance(SchedulingQueue.DispatchConfirmTimeout);
        Assert.Empty(queue.TakeUnconfirmed(SchedulingQueue.DispatchConfirmTimeout));
        clock.Advance(TimeSpan.FromSeconds(1));
        var lost = queue.TakeUnconfirmed(SchedulingQueue.DispatchConfirmTimeout);

        Assert.Equal([dispatched[1].Chunk], lost);
        var again = Assert.Single(queue.TakeDispatches());
        Assert.Equal(dispatched[1].Chunk, again.Chunk);
        Assert.Equal(dispatched[1].Attempt + 1, again.Attempt);
    }
}
