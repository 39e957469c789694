using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Jobs;

/// <summary>A piece being stopped: cancelled, interrupted by a pause; the sound and the merge as pieces.</summary>
public sealed class ChunkStopTests : ChunkStateMachineFixture
{
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
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, end, Error: way == "failed" ? "killed" : null)], piece.History);
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
        Assert.Equal([new AttemptRecord(1, ChunkKey.PrimaryLane, "a", T0, Now, end, Error: way == "failed" ? "killed" : null)], piece.History);
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
