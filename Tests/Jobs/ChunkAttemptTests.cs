using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Jobs;

/// <summary>A piece's attempts starting, progressing, completing, failing, turned away, and stale reports.</summary>
public sealed class ChunkAttemptTests : ChunkStateMachineFixture
{
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

    [Fact]
    public void Progress_of_the_current_attempt_whose_start_was_not_stored_takes_it_back_as_started()
    {
        Order();

        var progressed = Progress(1, "a", 10);

        Assert.True(progressed.Changed);
        Assert.Equal(["ConfirmSlot chunk 0 #1 on a"], Effects(progressed));
        Assert.Equal((ChunkState.Rendering, "a"), (piece.State, piece.Running?.Node));
        AssertUnchanged(Progress(2, "b", 10), piece);
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
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, AttemptEnd.Failed, Error: "boom")], piece.History);

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
}
