using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Jobs;

/// <summary>A piece recovering: stalls, lost silos, backups of stragglers, attempt numbers.</summary>
public sealed class ChunkRecoveryTests : ChunkStateMachineFixture
{
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
                new AttemptRecord(2, ChunkKey.BackupLane, "b", backupStartedAt, Now, AttemptEnd.Failed, Error: "out of memory"),
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
}
