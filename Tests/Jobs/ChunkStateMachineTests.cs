using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Jobs;

public sealed class ChunkStateMachineTests
{
    private static readonly Guid JobId = new("00000000-0000-0000-0000-00000000c0de");
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(T0);
    private readonly FailoverOptions policy = new()
    {
        StallTimeout = TimeSpan.FromSeconds(60),
        MaxFailedAttempts = 3,
        RetryBackoff = TimeSpan.FromSeconds(2),
    };
    private ChunkRecord piece = new() { Key = WorkKey.ForChunk(JobId, 0), Range = new FrameRange(0, 30) };

    private DateTimeOffset Now => clock.GetUtcNow();

    private ChunkTransition Fire(ChunkEvent e)
    {
        var transition = ChunkStateMachine.Apply(piece, e, policy, Now);
        piece = transition.Record;
        return transition;
    }

    private static SiloAddress SiloOf(string node) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11000 + node[0]), 1);

    private AttemptRef Attempt(int number, string node, int lane = ChunkKey.PrimaryLane) =>
        new(piece.Key with { Lane = lane }, number, node, SiloOf(node));

    private ChunkTransition Order() => Fire(new ChunkEvent.Order());
    private ChunkTransition Start(int number, string node, int lane = ChunkKey.PrimaryLane) => Fire(new ChunkEvent.Started(Attempt(number, node, lane)));
    private ChunkTransition Progress(int number, string node, int frames) => Fire(new ChunkEvent.Progressed(Attempt(number, node), frames));
    private ChunkTransition End(int number, string node, AttemptResult result, int lane = ChunkKey.PrimaryLane) => Fire(new ChunkEvent.Ended(Attempt(number, node, lane), result));
    private ChunkTransition Fail(int number, string node, string error, int lane = ChunkKey.PrimaryLane) => End(number, node, AttemptResult.Failed(error), lane);
    private ChunkTransition Complete(int number, string node, int lane = ChunkKey.PrimaryLane) => End(number, node, AttemptResult.Completed(FileOf(number)), lane);
    private ChunkTransition Stopped(int number, string node, int lane = ChunkKey.PrimaryLane) => End(number, node, AttemptResult.Stopped, lane);
    private ChunkTransition TurnedAway(int number, string node, int lane = ChunkKey.PrimaryLane) => End(number, node, AttemptResult.TurnedAway, lane);

    private static string FileOf(int attempt) => $"/store/{JobId:N}/chunk0-attempt{attempt}.mp4";

    /// <summary>Ordered and started as attempt 1 on <paramref name="node"/> at the current time.</summary>
    private void Rendering(string node = "a")
    {
        Order();
        Start(1, node);
        Assert.Equal(ChunkState.Rendering, piece.State);
    }

    /// <summary>Rendering attempt 1 on a; after 30 s a backup attempt 2 is wanted and starts on b a second later.</summary>
    private void RenderingWithBackup()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(30));
        Fire(new ChunkEvent.BackupWanted());
        clock.Advance(TimeSpan.FromSeconds(1));
        Start(2, "b", ChunkKey.BackupLane);
        Assert.Equal(Attempt(2, "b", ChunkKey.BackupLane), piece.Backup);
    }

    /// <summary>The effects as a reader would say them; waits relative to the current time.</summary>
    private string[] Effects(ChunkTransition transition) => transition.Effects.Select(Show).ToArray();

    private string Show(ChunkEffect effect) => effect switch
    {
        ChunkEffect.Enqueue e => $"Enqueue {Show(e.Order)}",
        ChunkEffect.ConfirmSlot c => $"ConfirmSlot {Show(c.Attempt)}",
        ChunkEffect.FreeSlot f => $"FreeSlot {Show(f.Attempt)}",
        ChunkEffect.Stop s => $"Stop {Show(s.Attempt)}",
        ChunkEffect.NodeFailed n => $"NodeFailed {n.Node}",
        ChunkEffect.GiveUp g => $"GiveUp: {g.Reason}",
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, null),
    };

    private static string Show(AttemptRef attempt) =>
        attempt.Node.Length == 0 && attempt.Silo.Equals(SiloAddress.Zero) ? $"{Show(attempt.Work)} #{attempt.Attempt} not started"
        : attempt.Silo.Equals(SiloOf(attempt.Node)) ? $"{Show(attempt.Work)} #{attempt.Attempt} on {attempt.Node}"
        : $"{Show(attempt.Work)} #{attempt.Attempt} on {attempt.Node} at {attempt.Silo}";

    private string Show(WorkOrder order) =>
        $"{Show(order.Key)} #{order.Attempt} {order.Range} avoid [{string.Join(", ", order.Avoid)}]"
        + (order.Blocked.Count > 0 ? $" blocked [{string.Join(", ", order.Blocked)}]" : "")
        + (order.NotBefore is { } notBefore ? $" in {Milliseconds(notBefore - Now)}ms" : "")
        + (order.Merge is not null ? " with merge inputs" : "");

    private static string Milliseconds(TimeSpan wait) => wait.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);

    private static string Show(WorkKey key) =>
        (key.JobId == JobId ? "" : $"job {key.JobId:N} ")
        + key.Kind switch
        {
            WorkKind.Chunk => key.IsBackup ? $"chunk {key.Index} lane {key.Lane}" : $"chunk {key.Index}",
            WorkKind.Sound => "sound",
            _ => "merge",
        };

    /// <summary>The event changed nothing at all: the same record, not stored, only these effects.</summary>
    private void AssertUnchanged(ChunkTransition transition, ChunkRecord before, params string[] effects)
    {
        Assert.Same(before, transition.Record);
        Assert.False(transition.Changed);
        Assert.Equal<string>(effects, Effects(transition));
    }

    // --- Ordered, started, progressing ---

    [Fact]
    public void A_piece_has_no_attempt_until_ordered_then_attempt_1_is_enqueued_once()
    {
        Assert.Equal((ChunkState.Queued, 0, 0, false), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.IsOrdered));

        var ordered = Order();

        Assert.True(ordered.Changed);
        Assert.Equal(["Enqueue chunk 0 #1 [0, 30) avoid []"], Effects(ordered));
        Assert.Equal((ChunkState.Queued, 1, 1, true), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.IsOrdered));
        AssertUnchanged(Order(), piece);
    }

    [Fact]
    public void A_piece_not_yet_ordered_ignores_reports_and_supervision()
    {
        var before = piece;

        AssertUnchanged(Start(1, "a"), before, "Stop chunk 0 #1 on a", "FreeSlot chunk 0 #1 on a");
        AssertUnchanged(Progress(1, "a", 5), before);
        AssertUnchanged(Fail(1, "a", "boom"), before, "FreeSlot chunk 0 #1 on a");
        AssertUnchanged(TurnedAway(1, "a"), before, "FreeSlot chunk 0 #1 on a");
        AssertUnchanged(Fire(new ChunkEvent.Stalled()), before);
        AssertUnchanged(Fire(new ChunkEvent.SiloLost(SiloOf("a"))), before);
        AssertUnchanged(Fire(new ChunkEvent.BackupWanted()), before);
        AssertUnchanged(Fire(new ChunkEvent.Interrupt()), before);
    }

    [Fact]
    public void A_piece_not_yet_ordered_is_cancelled_at_once()
    {
        var cancelled = Fire(new ChunkEvent.Cancel());

        Assert.True(cancelled.Changed);
        Assert.Empty(cancelled.Effects);
        Assert.Equal((ChunkState.Cancelled, 0, 0), (piece.State, piece.Attempt, piece.AttemptsIssued));
    }

    [Fact]
    public void The_current_attempt_starting_makes_the_piece_rendering_and_confirms_its_slot()
    {
        Order();
        clock.Advance(TimeSpan.FromSeconds(1));

        var started = Start(1, "a");

        Assert.True(started.Changed);
        Assert.Equal(["ConfirmSlot chunk 0 #1 on a"], Effects(started));
        Assert.Equal(ChunkState.Rendering, piece.State);
        Assert.Equal((1, 1), (piece.Attempt, piece.AttemptsIssued));
        Assert.Equal(Attempt(1, "a"), piece.Running);
        Assert.Null(piece.Backup);
        Assert.Equal("a", piece.Node);
        Assert.Equal((Now, Now, 0, null), (piece.StartedAt, piece.LastAdvanceAt, piece.FramesDone, piece.NotBefore));
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", Now)], piece.History);
    }

    [Fact]
    public void A_start_reported_twice_changes_nothing_and_the_same_number_starting_elsewhere_is_stopped()
    {
        Rendering("a");
        var before = piece;

        AssertUnchanged(Start(1, "a"), before);
        AssertUnchanged(Start(1, "b"), before, "Stop chunk 0 #1 on b", "FreeSlot chunk 0 #1 on b");
    }

    [Fact]
    public void Progress_counts_only_when_frames_advance_and_is_not_stored()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(5));

        var advanced = Progress(1, "a", 10);

        Assert.False(advanced.Changed);
        Assert.Empty(advanced.Effects);
        Assert.Equal((10, Now), (piece.FramesDone, piece.LastAdvanceAt));
        var advancedAt = Now;
        clock.Advance(TimeSpan.FromSeconds(5));
        var before = piece;
        AssertUnchanged(Progress(1, "a", 10), before);
        AssertUnchanged(Progress(1, "a", 4), before);
        Assert.Equal(advancedAt, piece.LastAdvanceAt);
        Progress(1, "a", 99);
        Assert.Equal(30, piece.FramesDone);
    }

    // --- Completed ---

    [Fact]
    public void The_running_attempt_completing_commits_its_file_and_later_news_changes_nothing()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(12));
        Progress(1, "a", 20);

        var completed = Complete(1, "a");

        Assert.True(completed.Changed);
        Assert.Equal(["FreeSlot chunk 0 #1 on a"], Effects(completed));
        Assert.Equal(ChunkState.Completed, piece.State);
        Assert.Equal((1, 1), (piece.Attempt, piece.AttemptsIssued));
        Assert.Null(piece.Running);
        Assert.Null(piece.Backup);
        Assert.Equal(("a", FileOf(1), null), (piece.Node, piece.OutputPath, piece.Error));
        Assert.Equal((30, TimeSpan.FromSeconds(12)), (piece.FramesDone, piece.Took));
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, AttemptEnd.Completed)], piece.History);

        var before = piece;
        AssertUnchanged(Complete(1, "a"), before, "FreeSlot chunk 0 #1 on a");
        AssertUnchanged(Fail(1, "a", "late"), before, "FreeSlot chunk 0 #1 on a");
        AssertUnchanged(Start(2, "b"), before, "Stop chunk 0 #2 on b", "FreeSlot chunk 0 #2 on b");
        AssertUnchanged(Order(), before);
        AssertUnchanged(Fire(new ChunkEvent.Stalled()), before);
        AssertUnchanged(Fire(new ChunkEvent.SiloLost(SiloOf("a"))), before);
        AssertUnchanged(Fire(new ChunkEvent.BackupWanted()), before);
        AssertUnchanged(Fire(new ChunkEvent.Cancel()), before);
        AssertUnchanged(Fire(new ChunkEvent.Interrupt()), before);
    }

    [Fact]
    public void A_file_completed_by_an_older_attempt_is_kept_and_the_current_attempt_is_stopped()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(60));
        Fire(new ChunkEvent.Stalled());
        var stalledAt = Now;
        clock.Advance(TimeSpan.FromSeconds(1));
        Start(2, "b");
        var startedAt = Now;
        clock.Advance(TimeSpan.FromSeconds(3));

        var completed = Complete(1, "a");

        Assert.Equal(["FreeSlot chunk 0 #1 on a", "Stop chunk 0 #2 on b"], Effects(completed));
        Assert.Equal(ChunkState.Completed, piece.State);
        Assert.Equal(("a", FileOf(1), null), (piece.Node, piece.OutputPath, piece.Error));
        Assert.Null(piece.Running);
        Assert.Equal(
            [
                new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, stalledAt, AttemptEnd.Stalled),
                new AttemptRecord(2, ChunkKey.PrimaryLane, "b", startedAt, Now, AttemptEnd.Stopped),
            ],
            piece.History);
    }

    [Fact]
    public void A_file_completed_by_an_attempt_given_up_for_its_silo_is_kept_while_the_next_one_is_queued()
    {
        Rendering("a");
        Fire(new ChunkEvent.SiloLost(SiloOf("a")));
        Assert.Equal((ChunkState.Queued, 2), (piece.State, piece.Attempt));

        var completed = Complete(1, "a");

        Assert.Equal(["FreeSlot chunk 0 #1 on a"], Effects(completed));
        Assert.Equal((ChunkState.Completed, 2, "a", FileOf(1)), (piece.State, piece.Attempt, piece.Node, piece.OutputPath));
    }

    // --- Failed ---

    [Fact]
    public void Failures_are_retried_under_new_numbers_with_doubling_backoff_away_from_the_node_then_the_piece_gives_up()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(5));

        var first = Fail(1, "a", "boom");

        Assert.True(first.Changed);
        Assert.Equal(["FreeSlot chunk 0 #1 on a", "NodeFailed a", "Enqueue chunk 0 #2 [0, 30) avoid [a] in 2000ms"], Effects(first));
        Assert.Equal((ChunkState.Queued, 2, 2, 1), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures));
        Assert.Null(piece.Running);
        Assert.Equal(["a"], piece.Avoid);
        Assert.Equal((Now + TimeSpan.FromSeconds(2), "boom"), (piece.NotBefore, piece.Error));
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, AttemptEnd.Failed)], piece.History);

        clock.Advance(TimeSpan.FromSeconds(2));
        Start(2, "b");
        Assert.Null(piece.NotBefore);
        clock.Advance(TimeSpan.FromSeconds(5));
        var second = Fail(2, "b", "boom again");

        Assert.Equal(["FreeSlot chunk 0 #2 on b", "NodeFailed b", "Enqueue chunk 0 #3 [0, 30) avoid [a, b] in 4000ms"], Effects(second));
        Assert.Equal((ChunkState.Queued, 3, 3, 2), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures));
        Assert.Equal((Now + TimeSpan.FromSeconds(4), "boom again"), (piece.NotBefore, piece.Error));

        clock.Advance(TimeSpan.FromSeconds(4));
        Start(3, "c");
        clock.Advance(TimeSpan.FromSeconds(5));
        var third = Fail(3, "c", "ffmpeg exited with code 1: Invalid data found when processing input");

        Assert.True(third.Changed);
        Assert.Equal(
            [
                "FreeSlot chunk 0 #3 on c",
                "NodeFailed c",
                "GiveUp: chunk 0 failed 3 times; last error: ffmpeg exited with code 1: Invalid data found when processing input",
            ],
            Effects(third));
        Assert.Equal((ChunkState.Failed, 3, 3, 3), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures));
        Assert.Null(piece.Running);
        Assert.Equal(["a", "b", "c"], piece.Avoid);
        Assert.Equal("ffmpeg exited with code 1: Invalid data found when processing input", piece.Error);
        Assert.Equal([AttemptEnd.Failed, AttemptEnd.Failed, AttemptEnd.Failed], piece.History.Select(h => h.End));
        AssertUnchanged(Start(4, "d"), piece, "Stop chunk 0 #4 on d", "FreeSlot chunk 0 #4 on d");
    }

    [Fact]
    public void A_node_failing_the_piece_twice_is_avoided_once_and_a_later_success_clears_the_error()
    {
        Rendering("a");
        Fail(1, "a", "boom");
        Start(2, "a");
        var second = Fail(2, "a", "boom");

        Assert.Equal(["FreeSlot chunk 0 #2 on a", "NodeFailed a", "Enqueue chunk 0 #3 [0, 30) avoid [a] in 4000ms"], Effects(second));
        Assert.Equal(["a"], piece.Avoid);

        Start(3, "b");
        Complete(3, "b");
        Assert.Equal((ChunkState.Completed, 2, null), (piece.State, piece.Failures, piece.Error));
    }

    [Fact]
    public void An_attempt_stopped_by_its_node_shutting_down_is_sent_elsewhere_without_counting_a_failure()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(5));

        var stopped = Stopped(1, "a");

        Assert.Equal(["FreeSlot chunk 0 #1 on a", "Enqueue chunk 0 #2 [0, 30) avoid [a]"], Effects(stopped));
        Assert.Equal((ChunkState.Queued, 2, 2, 0, null), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures, piece.NotBefore));
        Assert.Equal(["a"], piece.Avoid);
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, AttemptEnd.NodeLost)], piece.History);
    }

    [Theory]
    [InlineData(WorkKind.Chunk, 2, "chunk 2 failed 3 times; last error: out of memory")]
    [InlineData(WorkKind.Sound, 0, "the sound failed 3 times; last error: out of memory")]
    [InlineData(WorkKind.Merge, 0, "the merge failed 3 times; last error: out of memory")]
    public void A_piece_giving_up_names_itself_in_the_reason(WorkKind kind, int index, string reason)
    {
        piece = new ChunkRecord { Key = new WorkKey(JobId, kind, index), Range = new FrameRange(60, 30) };
        Order();
        ChunkTransition last = null!;
        foreach (var (number, node) in new[] { (1, "a"), (2, "b"), (3, "c") })
        {
            Start(number, node);
            last = Fail(number, node, "out of memory");
        }

        Assert.Equal(ChunkState.Failed, piece.State);
        Assert.Equal(new ChunkEffect.GiveUp(reason), last.Effects[^1]);
    }

    // --- Turned away ---

    [Fact]
    public void The_wait_before_re_sending_a_turned_away_attempt_doubles_up_to_8_seconds()
    {
        double[] expected = [250, 500, 1000, 2000, 4000, 8000, 8000, 8000];

        Assert.Equal(expected, Enumerable.Range(1, 8).Select(times => ChunkStateMachine.TurnedAwayWait(times).TotalMilliseconds));
    }

    [Fact]
    public void An_attempt_turned_away_again_and_again_is_re_sent_under_the_same_number_waiting_longer_each_time()
    {
        Order();
        var waits = new List<double>();
        for (var times = 1; times <= 8; times++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var turnedAway = TurnedAway(1, "a");
            var wait = (piece.NotBefore!.Value - Now).TotalMilliseconds;
            waits.Add(wait);

            Assert.False(turnedAway.Changed);
            Assert.Equal(["FreeSlot chunk 0 #1 on a", $"Enqueue chunk 0 #1 [0, 30) avoid [] in {Milliseconds(TimeSpan.FromMilliseconds(wait))}ms"], Effects(turnedAway));
            Assert.Equal((ChunkState.Queued, 1, 1, times), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.TimesTurnedAway));
        }

        Assert.Equal([250, 500, 1000, 2000, 4000, 8000, 8000, 8000], waits);
        Assert.Empty(piece.History);

        Start(1, "b");
        Assert.Equal((0, null), (piece.TimesTurnedAway, piece.NotBefore));
        Fail(1, "b", "boom");
        clock.Advance(TimeSpan.FromSeconds(2));
        TurnedAway(2, "c");
        Assert.Equal((2, 1, Now + TimeSpan.FromMilliseconds(250)), (piece.Attempt, piece.TimesTurnedAway, piece.NotBefore));
    }

    [Fact]
    public void A_turned_away_report_about_an_attempt_no_longer_waiting_changes_nothing_but_frees_its_slot()
    {
        Rendering("a");
        var before = piece;

        AssertUnchanged(TurnedAway(1, "b"), before, "FreeSlot chunk 0 #1 on b");

        Fail(1, "a", "boom");
        before = piece;
        AssertUnchanged(TurnedAway(1, "a"), before, "FreeSlot chunk 0 #1 on a");
    }

    // --- Stale reports ---

    [Fact]
    public void Reports_about_an_older_attempt_change_nothing_but_free_its_slot_and_a_stale_start_is_stopped()
    {
        Rendering("a");
        Fail(1, "a", "boom");
        clock.Advance(TimeSpan.FromSeconds(2));
        Start(2, "b");
        var before = piece;

        AssertUnchanged(Start(1, "a"), before, "Stop chunk 0 #1 on a", "FreeSlot chunk 0 #1 on a");
        AssertUnchanged(Progress(1, "a", 20), before);
        AssertUnchanged(Fail(1, "a", "late"), before, "FreeSlot chunk 0 #1 on a");
        AssertUnchanged(Stopped(1, "a"), before, "FreeSlot chunk 0 #1 on a");
        AssertUnchanged(TurnedAway(1, "a"), before, "FreeSlot chunk 0 #1 on a");
        Assert.Equal((1, 0), (piece.Failures, piece.FramesDone));
    }

    // --- Stalled ---

    [Fact]
    public void A_stalled_attempt_is_given_up_only_after_the_stall_timeout_without_frames_advancing()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(20));
        Progress(1, "a", 10);
        clock.Advance(TimeSpan.FromSeconds(30));
        Progress(1, "a", 10);
        clock.Advance(TimeSpan.FromSeconds(29));
        AssertUnchanged(Fire(new ChunkEvent.Stalled()), piece);

        clock.Advance(TimeSpan.FromSeconds(1));
        var stalled = Fire(new ChunkEvent.Stalled());

        Assert.True(stalled.Changed);
        Assert.Equal(["Stop chunk 0 #1 on a", "FreeSlot chunk 0 #1 on a", "Enqueue chunk 0 #2 [0, 30) avoid [a]"], Effects(stalled));
        Assert.Equal((ChunkState.Queued, 2, 2, 0, 0), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures, piece.FramesDone));
        Assert.Null(piece.Running);
        Assert.Null(piece.NotBefore);
        Assert.Equal(["a"], piece.Avoid);
        Assert.Equal("stalled on a: no progress for 0:01:00", piece.Error);
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, AttemptEnd.Stalled)], piece.History);

        AssertUnchanged(Fire(new ChunkEvent.Stalled()), piece);
        AssertUnchanged(Fail(1, "a", "killed"), piece, "FreeSlot chunk 0 #1 on a");
    }

    // --- Silo lost ---

    [Fact]
    public void Losing_the_running_attempts_silo_sends_the_piece_elsewhere_under_a_new_number()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(5));

        var lost = Fire(new ChunkEvent.SiloLost(SiloOf("a")));

        Assert.True(lost.Changed);
        Assert.Equal(["FreeSlot chunk 0 #1 on a", "Enqueue chunk 0 #2 [0, 30) avoid [a]"], Effects(lost));
        Assert.Equal((ChunkState.Queued, 2, 2, 0), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures));
        Assert.Null(piece.Running);
        Assert.Equal(["a"], piece.Avoid);
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, AttemptEnd.NodeLost)], piece.History);
    }

    [Fact]
    public void Losing_another_silo_changes_nothing()
    {
        Rendering("a");

        AssertUnchanged(Fire(new ChunkEvent.SiloLost(SiloOf("b"))), piece);
    }

    // --- Backups of stragglers ---

    [Fact]
    public void A_straggler_gets_exactly_one_backup_in_lane_1_avoiding_the_primarys_node()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(30));

        var wanted = Fire(new ChunkEvent.BackupWanted());

        Assert.True(wanted.Changed);
        Assert.Equal(["Enqueue chunk 0 lane 1 #2 [0, 30) avoid [a]"], Effects(wanted));
        Assert.Equal((ChunkState.Rendering, 1, 2, true), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.BackupRequested));
        Assert.Equal(Attempt(1, "a"), piece.Running);
        Assert.Equal(new AttemptRef(WorkKey.ForChunk(JobId, 0, ChunkKey.BackupLane), 2, "", SiloAddress.Zero), piece.Backup);
        AssertUnchanged(Fire(new ChunkEvent.BackupWanted()), piece);

        clock.Advance(TimeSpan.FromSeconds(1));
        var started = Start(2, "b", ChunkKey.BackupLane);

        Assert.True(started.Changed);
        Assert.Equal(["ConfirmSlot chunk 0 lane 1 #2 on b"], Effects(started));
        Assert.Equal(Attempt(2, "b", ChunkKey.BackupLane), piece.Backup);
        Assert.Equal(Attempt(1, "a"), piece.Running);
        Assert.Equal(
            [new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0), new AttemptRecord(2, ChunkKey.BackupLane, "b", Now)],
            piece.History);
        var before = piece;
        AssertUnchanged(Start(2, "b", ChunkKey.BackupLane), before);
        AssertUnchanged(Start(2, "c", ChunkKey.BackupLane), before, "Stop chunk 0 lane 1 #2 on c", "FreeSlot chunk 0 lane 1 #2 on c");
        AssertUnchanged(Fire(new ChunkEvent.BackupWanted()), before);
    }

    [Fact]
    public void No_backup_for_a_piece_that_is_queued_or_being_stopped()
    {
        Order();
        AssertUnchanged(Fire(new ChunkEvent.BackupWanted()), piece);

        Start(1, "a");
        Fire(new ChunkEvent.Interrupt());
        AssertUnchanged(Fire(new ChunkEvent.BackupWanted()), piece);
    }

    [Theory]
    [InlineData(ChunkKey.PrimaryLane)]
    [InlineData(ChunkKey.BackupLane)]
    public void Whichever_lane_finishes_first_commits_its_file_and_stops_the_other(int winner)
    {
        RenderingWithBackup();
        var backupStartedAt = Now;
        clock.Advance(TimeSpan.FromSeconds(10));
        var (number, node, loserNumber, loserNode, loser) = winner == ChunkKey.PrimaryLane ? (1, "a", 2, "b", ChunkKey.BackupLane) : (2, "b", 1, "a", ChunkKey.PrimaryLane);

        var completed = Complete(number, node, winner);

        Assert.Equal([$"FreeSlot {Show(Attempt(number, node, winner))}", $"Stop {Show(Attempt(loserNumber, loserNode, loser))}"], Effects(completed));
        Assert.Equal((ChunkState.Completed, node, FileOf(number), 30), (piece.State, piece.Node, piece.OutputPath, piece.FramesDone));
        Assert.Null(piece.Running);
        Assert.Null(piece.Backup);
        Assert.Equal(TimeSpan.FromSeconds(41), piece.Took);
        Assert.Equal(
            [
                new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, winner == ChunkKey.PrimaryLane ? AttemptEnd.Completed : AttemptEnd.Stopped),
                new AttemptRecord(2, ChunkKey.BackupLane, "b", backupStartedAt, Now, winner == ChunkKey.BackupLane ? AttemptEnd.Completed : AttemptEnd.Stopped),
            ],
            piece.History);

        var before = piece;
        var loserSlot = $"FreeSlot {Show(Attempt(loserNumber, loserNode, loser))}";
        AssertUnchanged(Stopped(loserNumber, loserNode, loser), before, loserSlot);
        AssertUnchanged(Complete(loserNumber, loserNode, loser), before, loserSlot);
    }

    [Fact]
    public void A_failed_backup_changes_nothing_but_frees_its_slot_and_no_second_backup_follows()
    {
        RenderingWithBackup();
        var backupStartedAt = Now;
        clock.Advance(TimeSpan.FromSeconds(5));

        var failed = Fail(2, "b", "out of memory", ChunkKey.BackupLane);

        Assert.True(failed.Changed);
        Assert.Equal(["FreeSlot chunk 0 lane 1 #2 on b"], Effects(failed));
        Assert.Equal((ChunkState.Rendering, 1, 2, 0, true), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures, piece.BackupRequested));
        Assert.Equal(Attempt(1, "a"), piece.Running);
        Assert.Null(piece.Backup);
        Assert.Empty(piece.Avoid);
        Assert.Null(piece.Error);
        Assert.Equal(
            [
                new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0),
                new AttemptRecord(2, ChunkKey.BackupLane, "b", backupStartedAt, Now, AttemptEnd.Failed),
            ],
            piece.History);
        AssertUnchanged(Fire(new ChunkEvent.BackupWanted()), piece);
        Assert.Equal(["FreeSlot chunk 0 #1 on a"], Effects(Complete(1, "a")));
    }

    [Fact]
    public void A_piece_giving_up_while_its_backup_runs_stops_the_backup()
    {
        Rendering("a");
        Fail(1, "a", "boom");
        Start(2, "b");
        Fail(2, "b", "boom");
        Start(3, "c");
        Fire(new ChunkEvent.BackupWanted());
        Start(4, "d", ChunkKey.BackupLane);
        var backupStartedAt = Now;
        clock.Advance(TimeSpan.FromSeconds(5));

        var gaveUp = Fail(3, "c", "boom");

        Assert.Equal(
            [
                "FreeSlot chunk 0 #3 on c",
                "NodeFailed c",
                "Stop chunk 0 lane 1 #4 on d",
                "FreeSlot chunk 0 lane 1 #4 on d",
                "GiveUp: chunk 0 failed 3 times; last error: boom",
            ],
            Effects(gaveUp));
        Assert.Equal((ChunkState.Failed, 3, 4), (piece.State, piece.Attempt, piece.AttemptsIssued));
        Assert.Null(piece.Running);
        Assert.Null(piece.Backup);
        Assert.Equal(new AttemptRecord(4, ChunkKey.BackupLane, "d", backupStartedAt, Now, AttemptEnd.Stopped), piece.History[^1]);
    }

    [Fact]
    public void A_backup_turned_away_before_it_started_is_dropped()
    {
        Rendering("a");
        Fire(new ChunkEvent.BackupWanted());

        var turnedAway = TurnedAway(2, "b", ChunkKey.BackupLane);

        Assert.Equal(["FreeSlot chunk 0 lane 1 #2 on b"], Effects(turnedAway));
        Assert.Equal((ChunkState.Rendering, 1, 2, true), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.BackupRequested));
        Assert.Null(piece.Backup);
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0)], piece.History);
    }

    [Fact]
    public void Losing_the_backups_silo_ends_the_backup_and_the_primary_renders_on()
    {
        RenderingWithBackup();
        var backupStartedAt = Now;
        clock.Advance(TimeSpan.FromSeconds(5));

        var lost = Fire(new ChunkEvent.SiloLost(SiloOf("b")));

        Assert.True(lost.Changed);
        Assert.Equal(["FreeSlot chunk 0 lane 1 #2 on b"], Effects(lost));
        Assert.Equal((ChunkState.Rendering, 1, 2), (piece.State, piece.Attempt, piece.AttemptsIssued));
        Assert.Equal(Attempt(1, "a"), piece.Running);
        Assert.Null(piece.Backup);
        Assert.Empty(piece.Avoid);
        Assert.Equal(new AttemptRecord(2, ChunkKey.BackupLane, "b", backupStartedAt, Now, AttemptEnd.NodeLost), piece.History[1]);
    }

    // --- Attempt numbers ---

    [Fact]
    public void Attempt_numbers_are_handed_out_by_the_machine_alone_and_never_reused()
    {
        Rendering("a");
        Fail(1, "a", "boom");
        clock.Advance(TimeSpan.FromSeconds(2));
        Start(2, "b");
        clock.Advance(TimeSpan.FromSeconds(60));
        Fire(new ChunkEvent.Stalled());
        Start(3, "c");
        Fire(new ChunkEvent.SiloLost(SiloOf("c")));
        Start(4, "d");
        Fire(new ChunkEvent.BackupWanted());
        Start(5, "e", ChunkKey.BackupLane);
        Fire(new ChunkEvent.Interrupt());
        Stopped(4, "d");

        Assert.Equal((ChunkState.Queued, 6, 6), (piece.State, piece.Attempt, piece.AttemptsIssued));
        Assert.Equal([(1, 0), (2, 0), (3, 0), (4, 0), (5, 1)], piece.History.Select(h => (h.Attempt, h.Lane)));
        Assert.Equal(["a", "b", "c"], piece.Avoid);
    }

    // --- Cancelled ---

    [Fact]
    public void Cancelling_a_queued_piece_ends_it_at_once()
    {
        Rendering("a");
        Fail(1, "a", "boom");
        Assert.NotNull(piece.NotBefore);

        var cancelled = Fire(new ChunkEvent.Cancel());

        Assert.True(cancelled.Changed);
        Assert.Empty(cancelled.Effects);
        Assert.Equal((ChunkState.Cancelled, 2, 2, null), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.NotBefore));
        Assert.Null(piece.Running);
        AssertUnchanged(Start(2, "b"), piece, "Stop chunk 0 #2 on b", "FreeSlot chunk 0 #2 on b");
        AssertUnchanged(Fire(new ChunkEvent.Cancel()), piece);
    }

    [Fact]
    public void Cancelling_a_running_piece_stops_its_attempt_and_the_end_report_makes_it_cancelled()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(5));

        var cancel = Fire(new ChunkEvent.Cancel());

        Assert.True(cancel.Changed);
        Assert.Equal(["Stop chunk 0 #1 on a"], Effects(cancel));
        Assert.Equal((ChunkState.Rendering, StopReason.Cancel), (piece.State, piece.Stopping));
        Assert.Equal(Attempt(1, "a"), piece.Running);
        AssertUnchanged(Fire(new ChunkEvent.Interrupt()), piece);
        AssertUnchanged(Fire(new ChunkEvent.BackupWanted()), piece);

        clock.Advance(TimeSpan.FromSeconds(1));
        var ended = Stopped(1, "a");

        Assert.True(ended.Changed);
        Assert.Equal(["FreeSlot chunk 0 #1 on a"], Effects(ended));
        Assert.Equal((ChunkState.Cancelled, 1, 1, 0), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures));
        Assert.Null(piece.Running);
        Assert.Null(piece.Stopping);
        Assert.Empty(piece.Avoid);
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, AttemptEnd.Stopped)], piece.History);
    }

    public static TheoryData<string> WaysToEnd => ["failed", "stalled", "silo lost"];

    [Theory]
    [MemberData(nameof(WaysToEnd))]
    public void A_piece_being_cancelled_ends_cancelled_however_its_attempt_ends(string way)
    {
        Rendering("a");
        Fire(new ChunkEvent.Cancel());
        clock.Advance(TimeSpan.FromSeconds(60));

        var (ended, effects, end) = way switch
        {
            "failed" => (Fail(1, "a", "killed"), new[] { "FreeSlot chunk 0 #1 on a" }, AttemptEnd.Failed),
            "stalled" => (Fire(new ChunkEvent.Stalled()), new[] { "Stop chunk 0 #1 on a", "FreeSlot chunk 0 #1 on a" }, AttemptEnd.Stalled),
            _ => (Fire(new ChunkEvent.SiloLost(SiloOf("a"))), new[] { "FreeSlot chunk 0 #1 on a" }, AttemptEnd.NodeLost),
        };

        Assert.Equal(effects, Effects(ended));
        Assert.Equal((ChunkState.Cancelled, 1, 1, 0), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures));
        Assert.Null(piece.Running);
        Assert.Null(piece.Stopping);
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, end)], piece.History);
    }

    [Fact]
    public void A_piece_completing_while_being_cancelled_keeps_its_file()
    {
        Rendering("a");
        Fire(new ChunkEvent.Cancel());

        var completed = Complete(1, "a");

        Assert.Equal(["FreeSlot chunk 0 #1 on a"], Effects(completed));
        Assert.Equal((ChunkState.Completed, FileOf(1), null), (piece.State, piece.OutputPath, piece.Stopping));
    }

    [Fact]
    public void Cancelling_a_piece_with_a_running_backup_stops_both_lanes()
    {
        RenderingWithBackup();
        var backupStartedAt = Now;
        clock.Advance(TimeSpan.FromSeconds(3));

        var cancel = Fire(new ChunkEvent.Cancel());

        Assert.Equal(["Stop chunk 0 #1 on a", "Stop chunk 0 lane 1 #2 on b", "FreeSlot chunk 0 lane 1 #2 on b"], Effects(cancel));
        Assert.Equal(StopReason.Cancel, piece.Stopping);
        Assert.Null(piece.Backup);
        Assert.Equal(
            [
                new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0),
                new AttemptRecord(2, ChunkKey.BackupLane, "b", backupStartedAt, Now, AttemptEnd.Stopped),
            ],
            piece.History);

        AssertUnchanged(Stopped(2, "b", ChunkKey.BackupLane), piece, "FreeSlot chunk 0 lane 1 #2 on b");
        Stopped(1, "a");
        Assert.Equal(ChunkState.Cancelled, piece.State);
        Assert.All(piece.History, h => Assert.Equal(AttemptEnd.Stopped, h.End));
    }

    [Fact]
    public void Cancelling_a_piece_whose_backup_has_not_started_frees_the_backups_slot()
    {
        Rendering("a");
        Fire(new ChunkEvent.BackupWanted());

        var cancel = Fire(new ChunkEvent.Cancel());

        Assert.Equal(["Stop chunk 0 #1 on a", "FreeSlot chunk 0 lane 1 #2 not started"], Effects(cancel));
        Assert.Null(piece.Backup);
        Assert.Single(piece.History);
    }

    // --- Interrupted (a pause that stops running work) ---

    [Fact]
    public void Interrupting_a_running_piece_ends_with_it_queued_under_a_new_number_ordered_for_the_resume()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(5));
        Progress(1, "a", 12);

        var interrupt = Fire(new ChunkEvent.Interrupt());

        Assert.True(interrupt.Changed);
        Assert.Equal(["Stop chunk 0 #1 on a"], Effects(interrupt));
        Assert.Equal((ChunkState.Rendering, StopReason.Requeue), (piece.State, piece.Stopping));
        AssertUnchanged(Fire(new ChunkEvent.Interrupt()), piece);

        clock.Advance(TimeSpan.FromSeconds(1));
        var ended = Stopped(1, "a");

        Assert.True(ended.Changed);
        // Ordered at once: a paused job keeps the order, a job resumed meanwhile sends it.
        Assert.Equal(["FreeSlot chunk 0 #1 on a", "Enqueue chunk 0 #2 [0, 30) avoid []"], Effects(ended));
        Assert.Equal((ChunkState.Queued, 2, 2, 0, 0), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures, piece.FramesDone));
        Assert.True(piece.IsOrdered);
        Assert.Null(piece.Running);
        Assert.Null(piece.Stopping);
        Assert.Null(piece.NotBefore);
        Assert.Empty(piece.Avoid);
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, AttemptEnd.Stopped)], piece.History);
        Assert.Equal("chunk 0 #2 [0, 30) avoid []", Show(piece.Order([])));
    }

    [Fact]
    public void Interrupting_a_queued_piece_changes_nothing()
    {
        Order();

        AssertUnchanged(Fire(new ChunkEvent.Interrupt()), piece);
    }

    [Theory]
    [MemberData(nameof(WaysToEnd))]
    public void An_interrupted_piece_is_queued_again_under_a_new_number_however_its_attempt_ends(string way)
    {
        Rendering("a");
        Fire(new ChunkEvent.Interrupt());
        clock.Advance(TimeSpan.FromSeconds(60));

        var (ended, effects, avoid, end) = way switch
        {
            "failed" => (Fail(1, "a", "killed"), new[] { "FreeSlot chunk 0 #1 on a", "Enqueue chunk 0 #2 [0, 30) avoid []" }, Array.Empty<string>(), AttemptEnd.Failed),
            "stalled" => (Fire(new ChunkEvent.Stalled()), new[] { "Stop chunk 0 #1 on a", "FreeSlot chunk 0 #1 on a", "Enqueue chunk 0 #2 [0, 30) avoid [a]" }, new[] { "a" }, AttemptEnd.Stalled),
            _ => (Fire(new ChunkEvent.SiloLost(SiloOf("a"))), new[] { "FreeSlot chunk 0 #1 on a", "Enqueue chunk 0 #2 [0, 30) avoid [a]" }, new[] { "a" }, AttemptEnd.NodeLost),
        };

        Assert.Equal(effects, Effects(ended));
        Assert.Equal((ChunkState.Queued, 2, 2, 0), (piece.State, piece.Attempt, piece.AttemptsIssued, piece.Failures));
        Assert.Null(piece.Stopping);
        Assert.Equal(avoid, piece.Avoid);
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, end)], piece.History);
    }

    [Fact]
    public void Interrupting_a_piece_with_a_running_backup_stops_both_lanes_and_queues_one_attempt()
    {
        RenderingWithBackup();
        var backupStartedAt = Now;
        clock.Advance(TimeSpan.FromSeconds(3));

        var interrupt = Fire(new ChunkEvent.Interrupt());

        Assert.Equal(["Stop chunk 0 #1 on a", "Stop chunk 0 lane 1 #2 on b", "FreeSlot chunk 0 lane 1 #2 on b"], Effects(interrupt));
        Assert.Null(piece.Backup);
        Assert.Equal(new AttemptRecord(2, ChunkKey.BackupLane, "b", backupStartedAt, Now, AttemptEnd.Stopped), piece.History[1]);

        Stopped(1, "a");
        Assert.Equal((ChunkState.Queued, 3, 3), (piece.State, piece.Attempt, piece.AttemptsIssued));
    }

    [Fact]
    public void A_cancel_while_an_interrupted_attempt_stops_ends_the_piece_cancelled()
    {
        Rendering("a");
        Fire(new ChunkEvent.Interrupt());

        var cancel = Fire(new ChunkEvent.Cancel());

        Assert.Equal(["Stop chunk 0 #1 on a"], Effects(cancel));
        Assert.Equal(StopReason.Cancel, piece.Stopping);
        Stopped(1, "a");
        Assert.Equal((ChunkState.Cancelled, 1), (piece.State, piece.Attempt));
    }

    // --- The sound and the merge ---

    [Fact]
    public void The_sound_is_ordered_started_retried_and_completed_like_a_chunk()
    {
        piece = new ChunkRecord { Key = WorkKey.ForSound(JobId), Range = new FrameRange(0, 90) };

        Assert.Equal(["Enqueue sound #1 [0, 90) avoid []"], Effects(Order()));
        Assert.Equal(["ConfirmSlot sound #1 on a"], Effects(Start(1, "a")));
        Assert.Equal(["FreeSlot sound #1 on a", "NodeFailed a", "Enqueue sound #2 [0, 90) avoid [a] in 2000ms"], Effects(Fail(1, "a", "no audio")));
        clock.Advance(TimeSpan.FromSeconds(2));
        Start(2, "b");
        Assert.Equal(["FreeSlot sound #2 on b"], Effects(Complete(2, "b")));
        Assert.Equal((ChunkState.Completed, "b", FileOf(2), 1), (piece.State, piece.Node, piece.OutputPath, piece.Failures));
    }

    [Fact]
    public void The_merge_waits_for_its_order_then_runs_like_a_chunk()
    {
        piece = new ChunkRecord { Key = WorkKey.ForMerge(JobId), Range = new FrameRange(0, 90) };
        var before = piece;

        Assert.False(piece.IsOrdered);
        AssertUnchanged(Start(1, "a"), before, "Stop merge #1 on a", "FreeSlot merge #1 on a");
        AssertUnchanged(Fire(new ChunkEvent.Stalled()), before);
        AssertUnchanged(Fire(new ChunkEvent.Interrupt()), before);

        Assert.Equal(["Enqueue merge #1 [0, 90) avoid []"], Effects(Order()));
        AssertUnchanged(Order(), piece);
        Assert.Equal(["ConfirmSlot merge #1 on a"], Effects(Start(1, "a")));
        Assert.Equal(["FreeSlot merge #1 on a", "Enqueue merge #2 [0, 90) avoid [a]"], Effects(Fire(new ChunkEvent.SiloLost(SiloOf("a")))));
        Start(2, "b");
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(["FreeSlot merge #2 on b"], Effects(Complete(2, "b")));
        Assert.Equal((ChunkState.Completed, "b", FileOf(2), TimeSpan.FromSeconds(4)), (piece.State, piece.Node, piece.OutputPath, piece.Took));
    }
}
