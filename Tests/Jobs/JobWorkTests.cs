using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Jobs;

public sealed class JobWorkTests
{
    private static readonly Guid JobId = new("00000000-0000-0000-0000-0000000000b0");
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(T0);
    private readonly FailoverOptions policy = new()
    {
        StallTimeout = TimeSpan.FromSeconds(60),
        MaxFailedAttempts = 3,
        RetryBackoff = TimeSpan.FromSeconds(2),
        BlocklistAfterFailures = 2,
        StragglerFactor = 3,
        StragglerMinimum = TimeSpan.FromSeconds(10),
    };
    private readonly JobRecord record = new();
    private readonly JobWork work;

    public JobWorkTests() => work = new JobWork(record, policy, clock);

    private static WorkKey Chunk(int index, int lane = ChunkKey.PrimaryLane) => WorkKey.ForChunk(JobId, index, lane);
    private static readonly WorkKey Sound = WorkKey.ForSound(JobId);
    private static readonly WorkKey Merge = WorkKey.ForMerge(JobId);

    private static SiloAddress SiloOf(string node) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11000 + node[0]), 1);

    private static AttemptRef Attempt(WorkKey key, int number, string node) => new(key, number, node, SiloOf(node));

    private static string FileOf(WorkKey key) => $"/store/{JobId:N}/{key.Kind}-{key.Index}.mp4".ToLowerInvariant();

    /// <summary>Plans chunks of these frame counts one after another, the sound and the merge; orders all but the merge, as the job does.</summary>
    private void Planned(params int[] chunkFrames)
    {
        var start = 0;
        var ranges = new List<FrameRange>();
        foreach (var frames in chunkFrames)
        {
            ranges.Add(new FrameRange(start, frames));
            start += frames;
        }
        record.Pieces = JobWork.Plan(JobId, ranges, start);
        foreach (var piece in record.Pieces.Where(p => p.Key.Kind != WorkKind.Merge).ToList())
            work.Apply(piece.Key, new ChunkEvent.Order());
    }

    private ChunkTransition Apply(WorkKey key, ChunkEvent e) => work.Apply(key, e)!;
    private ChunkTransition Start(WorkKey key, int number, string node) => Apply(key, new ChunkEvent.Started(Attempt(key, number, node)));
    private ChunkTransition Progress(WorkKey key, int number, string node, int frames) => Apply(key, new ChunkEvent.Progressed(Attempt(key, number, node), frames));
    private ChunkTransition Complete(WorkKey key, int number, string node) => Apply(key, new ChunkEvent.Ended(Attempt(key, number, node), AttemptResult.Completed(FileOf(key))));
    private ChunkTransition Fail(WorkKey key, int number, string node) => Apply(key, new ChunkEvent.Ended(Attempt(key, number, node), AttemptResult.Failed("boom")));

    private ChunkRecord Piece(WorkKey key) => record.Pieces.Single(p => p.Key == key);

    private static string Show(WorkOrder order) =>
        $"{order.Key.Kind} {order.Key.Index}/{order.Key.Lane} #{order.Attempt} {order.Range} avoid [{string.Join(", ", order.Avoid)}] blocked [{string.Join(", ", order.Blocked)}]"
        + (order.NotBefore is { } notBefore ? $" not before T0+{(notBefore - T0).TotalSeconds.ToString(CultureInfo.InvariantCulture)}s" : "")
        + (order.Merge is { } merge ? $" joining {string.Join(" + ", merge.Chunks.Select(c => $"{c.Range} {c.Path}"))} with {merge.SoundPath}" : "");

    [Fact]
    public void A_plan_is_the_chunks_in_order_then_the_sound_then_the_merge_over_the_whole_timeline()
    {
        Planned(10, 20);

        Assert.Equal([Chunk(0), Chunk(1), Sound, Merge], record.Pieces.Select(p => p.Key));
        Assert.Equal([new FrameRange(0, 10), new FrameRange(10, 20), new FrameRange(0, 30), new FrameRange(0, 30)], record.Pieces.Select(p => p.Range));
        Assert.Equal([1, 1, 1, 0], record.Pieces.Select(p => p.Attempt));
    }

    [Fact]
    public void Stalled_lists_the_running_pieces_whose_frames_have_not_advanced_for_the_stall_timeout()
    {
        Planned(10, 10);
        Start(Chunk(0), 1, "a");
        Start(Chunk(1), 1, "b");
        clock.Advance(TimeSpan.FromSeconds(30));
        Progress(Chunk(1), 1, "b", 5);
        clock.Advance(TimeSpan.FromSeconds(29));
        Progress(Chunk(0), 1, "a", 0);

        Assert.Empty(work.Stalled());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Chunk(0)], work.Stalled());
        clock.Advance(TimeSpan.FromSeconds(29));
        Progress(Chunk(1), 1, "b", 5);
        Assert.Equal([Chunk(0)], work.Stalled());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Chunk(0), Chunk(1)], work.Stalled());

        Apply(Chunk(0), new ChunkEvent.Stalled());
        Assert.Equal([Chunk(1)], work.Stalled());
    }

    [Fact]
    public void A_straggler_is_the_last_chunk_running_longer_than_the_factor_times_the_median_time_per_frame_times_its_frames()
    {
        Planned(10, 10, 10, 20);
        Start(Chunk(0), 1, "a");
        Start(Chunk(1), 1, "b");
        Start(Chunk(2), 1, "c");
        Start(Chunk(3), 1, "d");
        clock.Advance(TimeSpan.FromSeconds(10));
        Complete(Chunk(0), 1, "a");
        clock.Advance(TimeSpan.FromSeconds(10));
        Complete(Chunk(1), 1, "b");
        clock.Advance(TimeSpan.FromSeconds(70));
        Complete(Chunk(2), 1, "c");

        // 1, 2 and 9 s a frame: the median is 2 s, so chunk 3's 20 frames are due in 40 s, a straggler after 120 s.
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(work.Stragglers());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Chunk(3)], work.Stragglers());
    }

    [Fact]
    public void No_straggler_while_another_chunk_still_waits_to_be_rendered()
    {
        Planned(10, 10, 10);
        Start(Chunk(0), 1, "a");
        Start(Chunk(1), 1, "b");
        Start(Chunk(2), 1, "c");
        clock.Advance(TimeSpan.FromSeconds(1));
        Fail(Chunk(2), 1, "c");
        clock.Advance(TimeSpan.FromSeconds(9));
        Complete(Chunk(0), 1, "a");
        clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(ChunkState.Queued, Piece(Chunk(2)).State);
        Assert.Empty(work.Stragglers());

        Start(Chunk(2), 2, "a");
        Complete(Chunk(2), 2, "a");
        Assert.Equal([Chunk(1)], work.Stragglers());
    }

    [Fact]
    public void No_straggler_before_the_minimum_run_time_however_fast_the_other_chunks_were()
    {
        Planned(10, 10);
        Start(Chunk(0), 1, "a");
        Start(Chunk(1), 1, "b");
        clock.Advance(TimeSpan.FromSeconds(1));
        Complete(Chunk(0), 1, "a");

        // Expected 0.1 s a frame: three times that is 3 s, but no backup before 10 s.
        clock.Advance(TimeSpan.FromMilliseconds(8999));
        Assert.Empty(work.Stragglers());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([Chunk(1)], work.Stragglers());
    }

    [Fact]
    public void A_straggler_gets_one_backup_and_is_no_straggler_afterwards()
    {
        Planned(10, 10);
        Start(Chunk(0), 1, "a");
        Start(Chunk(1), 1, "b");
        clock.Advance(TimeSpan.FromSeconds(10));
        Complete(Chunk(0), 1, "a");
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal([Chunk(1)], work.Stragglers());

        var backup = Apply(Chunk(1), new ChunkEvent.BackupWanted());

        var order = Assert.IsType<ChunkEffect.Enqueue>(Assert.Single(backup.Effects)).Order;
        Assert.Equal("Chunk 1/1 #2 [10, 20) avoid [b] blocked []", Show(order));
        Assert.Empty(work.Stragglers());
        Start(Chunk(1, ChunkKey.BackupLane), 2, "a");
        Apply(Chunk(1, ChunkKey.BackupLane), new ChunkEvent.Ended(Attempt(Chunk(1, ChunkKey.BackupLane), 2, "a"), AttemptResult.Failed("boom")));
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(work.Stragglers());
    }

    [Fact]
    public void A_node_is_blocklisted_exactly_once_when_it_reaches_the_threshold_and_orders_then_carry_the_blocklist()
    {
        Planned(10, 10);

        Assert.False(work.CountFailure("a"));
        Assert.False(work.CountFailure("b"));
        Assert.True(work.CountFailure("a"));
        Assert.False(work.CountFailure("a"));
        Assert.False(work.CountFailure("a"));

        Assert.Equal(["a"], record.Blocklist);
        Assert.Equal(4, record.NodeFailures["a"]);
        Assert.Equal(
            ["Chunk 0/0 #1 [0, 10) avoid [] blocked [a]", "Chunk 1/0 #1 [10, 20) avoid [] blocked [a]", "Sound 0/0 #1 [0, 20) avoid [] blocked [a]"],
            work.QueuedOrders().Select(Show));
        Start(Chunk(0), 1, "c");
        var retry = Assert.IsType<ChunkEffect.Enqueue>(Fail(Chunk(0), 1, "c").Effects[^1]).Order;
        Assert.Equal("Chunk 0/0 #2 [0, 10) avoid [c] blocked [] not before T0+2s", Show(retry));
        Assert.Equal("Chunk 0/0 #2 [0, 10) avoid [c] blocked [a] not before T0+2s", Show(work.Complete(retry)));
    }

    [Fact]
    public void The_merge_is_due_only_once_every_chunk_and_the_sound_are_completed_and_it_is_not_yet_ordered()
    {
        Assert.False(work.MergeDue);
        Planned(10, 10);
        Assert.False(work.MergeDue);
        foreach (var (key, node) in new[] { (Chunk(0), "a"), (Chunk(1), "b") })
        {
            Start(key, 1, node);
            Complete(key, 1, node);
        }
        Assert.False(work.MergeDue);
        Start(Sound, 1, "c");
        Assert.False(work.MergeDue);
        Complete(Sound, 1, "c");

        Assert.True(work.MergeDue);
        var ordered = Apply(Merge, new ChunkEvent.Order());
        Assert.False(work.MergeDue);

        var order = Assert.IsType<ChunkEffect.Enqueue>(Assert.Single(ordered.Effects)).Order;
        Assert.Equal(
            $"Merge 0/0 #1 [0, 20) avoid [] blocked [] joining [0, 10) {FileOf(Chunk(0))} + [10, 20) {FileOf(Chunk(1))} with {FileOf(Sound)}",
            Show(work.Complete(order)));
        Assert.Equal([Show(work.Complete(order))], work.QueuedOrders().Select(Show));
    }

    [Fact]
    public void The_merge_is_not_due_while_a_chunk_is_not_completed()
    {
        Planned(10, 10);
        Start(Chunk(0), 1, "a");
        Complete(Chunk(0), 1, "a");
        Start(Sound, 1, "c");
        Complete(Sound, 1, "c");
        Start(Chunk(1), 1, "b");

        Assert.False(work.MergeDue);
        Apply(Chunk(1), new ChunkEvent.Cancel());
        Apply(Chunk(1), new ChunkEvent.Ended(Attempt(Chunk(1), 1, "b"), AttemptResult.Stopped));
        Assert.Equal(ChunkState.Cancelled, Piece(Chunk(1)).State);
        Assert.False(work.MergeDue);
    }

    [Fact]
    public void Queued_orders_are_exactly_the_ordered_pieces_waiting_for_a_slot()
    {
        record.Pieces = JobWork.Plan(JobId, [new FrameRange(0, 10), new FrameRange(10, 10), new FrameRange(20, 10)], 30);
        Assert.Empty(work.QueuedOrders());
        foreach (var key in new[] { Chunk(0), Chunk(1), Chunk(2), Sound })
            Apply(key, new ChunkEvent.Order());

        Start(Chunk(0), 1, "a");
        Start(Chunk(1), 1, "b");
        Fail(Chunk(1), 1, "b");
        Start(Chunk(2), 1, "c");
        Complete(Chunk(2), 1, "c");

        Assert.Equal(
            ["Chunk 1/0 #2 [10, 20) avoid [b] blocked [] not before T0+2s", "Sound 0/0 #1 [0, 30) avoid [] blocked []"],
            work.QueuedOrders().Select(Show));
    }

    [Fact]
    public void Frames_done_counts_the_chunks_only()
    {
        Planned(10, 20);
        Start(Chunk(0), 1, "a");
        Progress(Chunk(0), 1, "a", 4);
        Start(Chunk(1), 1, "b");
        Complete(Chunk(1), 1, "b");
        Start(Sound, 1, "c");
        Progress(Sound, 1, "c", 25);

        Assert.Equal(24, work.FramesDone);
    }

    [Fact]
    public void Reports_of_a_backup_lane_reach_their_piece_and_reports_of_unknown_pieces_are_dropped()
    {
        Planned(10, 10);
        Start(Chunk(0), 1, "a");
        Apply(Chunk(0), new ChunkEvent.BackupWanted());

        Start(Chunk(0, ChunkKey.BackupLane), 2, "b");
        Assert.Equal(Attempt(Chunk(0, ChunkKey.BackupLane), 2, "b"), Piece(Chunk(0)).Backup);
        Assert.Equal([Attempt(Chunk(0), 1, "a"), Attempt(Chunk(0, ChunkKey.BackupLane), 2, "b")], work.RunningAttempts());
        Assert.Null(work.Apply(WorkKey.ForChunk(Guid.NewGuid(), 0), new ChunkEvent.Order()));
        Assert.Null(work.Apply(Chunk(7), new ChunkEvent.Order()));
    }

    [Fact]
    public void The_facts_say_whether_an_attempt_runs_and_whether_one_ever_started()
    {
        Planned(10);
        Assert.Equal(new JobFacts(AttemptsRunning: false, EverStarted: false), work.Facts);

        Start(Chunk(0), 1, "a");
        Assert.Equal(new JobFacts(AttemptsRunning: true, EverStarted: false), work.Facts);
        record.StartedAt = clock.GetUtcNow();
        Complete(Chunk(0), 1, "a");
        Assert.Equal(new JobFacts(AttemptsRunning: false, EverStarted: true), work.Facts);

        Start(Sound, 1, "b");
        Assert.True(work.Facts.AttemptsRunning);
        Apply(Sound, new ChunkEvent.SiloLost(SiloOf("b")));
        Assert.False(work.Facts.AttemptsRunning);
    }

    [Fact]
    public void A_backup_ordered_but_not_started_does_not_count_as_running()
    {
        Planned(10, 10);
        Start(Chunk(0), 1, "a");
        Apply(Chunk(0), new ChunkEvent.BackupWanted());
        Fail(Chunk(0), 1, "a");

        Assert.Equal((ChunkState.Queued, 3), (Piece(Chunk(0)).State, Piece(Chunk(0)).Attempt));
        Assert.NotNull(Piece(Chunk(0)).Backup);
        Assert.False(work.AnyRunning);
        Assert.Empty(work.RunningAttempts());
    }

    [Fact]
    public void Applying_to_all_gives_every_piece_the_event_in_plan_order()
    {
        Planned(10, 10);
        Start(Chunk(1), 1, "b");

        var cancelled = work.ApplyToAll(new ChunkEvent.Cancel());

        Assert.Equal([Chunk(0), Chunk(1), Sound, Merge], cancelled.Select(t => t.Record.Key));
        Assert.Equal([ChunkState.Cancelled, ChunkState.Rendering, ChunkState.Cancelled, ChunkState.Cancelled], record.Pieces.Select(p => p.State));
        Assert.Equal(StopReason.Cancel, Piece(Chunk(1)).Stopping);
    }
}
