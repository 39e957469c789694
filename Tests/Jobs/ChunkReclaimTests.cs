using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Jobs;

/// <summary>A piece's attempt stopped for its machine's reclaim: frames kept, the rest handed back, stale reports and the race with a backup.</summary>
public sealed class ChunkReclaimTests : ChunkStateMachineFixture
{
    private static CommittedFile PartOf(int attempt, int frames) => new($"/store/{JobId:N}/chunk0-attempt{attempt}-first-{frames}.mp4", 1000, Frames: frames);

    private ChunkTransition Reclaimed(int number, string node, int frames, int lane = ChunkKey.PrimaryLane) =>
        End(number, node, AttemptResult.Reclaimed(frames == 0 ? null : PartOf(number, frames), frames), lane);

    [Fact]
    public void Frames_committed_before_a_reclaim_complete_the_piece_cut_to_them_and_the_rest_becomes_a_new_piece()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(10));
        Progress(1, "a", 12);

        var reclaimed = Reclaimed(1, "a", 12);

        Assert.True(reclaimed.Changed);
        Assert.Equal(["FreeSlot chunk 0 #1 on a", "AddPiece [12, 30) avoid [a]"], Effects(reclaimed));
        Assert.Equal((ChunkState.Completed, new FrameRange(0, 12), 12), (piece.State, piece.Range, piece.FramesDone));
        Assert.Equal(PartOf(1, 12).Key, piece.OutputPath);
        Assert.Equal(PartOf(1, 12), piece.Committed);
        Assert.Null(piece.Running);
        var attempt = Assert.Single(piece.History);
        Assert.Equal((AttemptEnd.Reclaimed, new ReclaimedFrames(12, 0), Now), (attempt.End, attempt.Reclaimed, attempt.EndedAt));
        Assert.Equal(12, piece.ToStatus().FramesDone);
    }

    [Fact]
    public void Frames_rendered_past_those_committed_are_counted_lost()
    {
        Rendering("a");
        Progress(1, "a", 20);

        Reclaimed(1, "a", 17);

        Assert.Equal(new ReclaimedFrames(17, 3), piece.History.Single().Reclaimed);
    }

    [Fact]
    public void A_reclaim_that_kept_no_frame_orders_the_whole_piece_again_away_from_that_node()
    {
        Rendering("a");
        Progress(1, "a", 2);

        var reclaimed = Reclaimed(1, "a", 0);

        Assert.Equal(["FreeSlot chunk 0 #1 on a", "Enqueue chunk 0 #2 [0, 30) avoid [a]"], Effects(reclaimed));
        Assert.Equal((ChunkState.Queued, new FrameRange(0, 30), 2, 0), (piece.State, piece.Range, piece.Attempt, piece.Failures));
        Assert.Equal((AttemptEnd.Reclaimed, new ReclaimedFrames(0, 2)), (piece.History.Single().End, piece.History.Single().Reclaimed));
    }

    [Fact]
    public void A_reclaim_that_kept_every_frame_completes_the_piece_whole()
    {
        Rendering("a");

        var reclaimed = Reclaimed(1, "a", 30);

        Assert.Equal(["FreeSlot chunk 0 #1 on a"], Effects(reclaimed));
        Assert.Equal((ChunkState.Completed, new FrameRange(0, 30), AttemptEnd.Completed), (piece.State, piece.Range, piece.History.Single().End));
    }

    [Fact]
    public void A_reclaim_report_about_a_stale_attempt_changes_nothing()
    {
        Rendering("a");
        clock.Advance(policy.StallTimeout);
        Fire(new ChunkEvent.Stalled());
        Start(2, "b");
        var before = piece;

        AssertUnchanged(Reclaimed(1, "a", 12), before, "FreeSlot chunk 0 #1 on a");
        Assert.Equal(new FrameRange(0, 30), piece.Range);
    }

    [Fact]
    public void When_a_backup_commits_the_piece_whole_first_the_partial_commit_that_follows_changes_nothing()
    {
        RenderingWithBackup();
        Complete(2, "b", ChunkKey.BackupLane);
        var before = piece;

        AssertUnchanged(Reclaimed(1, "a", 12), before, "FreeSlot chunk 0 #1 on a");
        Assert.Equal((ChunkState.Completed, new FrameRange(0, 30), FileOf(2)), (piece.State, piece.Range, piece.OutputPath));
    }

    [Fact]
    public void When_the_partial_commit_comes_first_the_backup_is_stopped_and_its_whole_file_that_follows_changes_nothing()
    {
        RenderingWithBackup();

        var reclaimed = Reclaimed(1, "a", 12);

        Assert.Equal(["FreeSlot chunk 0 #1 on a", "Stop chunk 0 lane 1 #2 on b", "AddPiece [12, 30) avoid [a]"], Effects(reclaimed));
        Assert.Null(piece.Backup);
        Assert.Equal(AttemptEnd.Stopped, piece.History.Single(h => h.Lane == ChunkKey.BackupLane).End);
        var before = piece;
        AssertUnchanged(Complete(2, "b", ChunkKey.BackupLane), before, "FreeSlot chunk 0 lane 1 #2 on b");
        Assert.Equal((new FrameRange(0, 12), PartOf(1, 12).Key), (piece.Range, piece.OutputPath));
    }

    [Fact]
    public void A_backup_stopped_by_a_reclaim_keeps_nothing_and_the_piece_renders_on()
    {
        RenderingWithBackup();

        var reclaimed = Reclaimed(2, "b", 9, ChunkKey.BackupLane);

        Assert.Equal(["FreeSlot chunk 0 lane 1 #2 on b"], Effects(reclaimed));
        Assert.Equal((ChunkState.Rendering, new FrameRange(0, 30), Attempt(1, "a")), (piece.State, piece.Range, piece.Running));
        Assert.Null(piece.Backup);
        var backup = piece.History.Single(h => h.Lane == ChunkKey.BackupLane);
        Assert.Equal((AttemptEnd.Reclaimed, new ReclaimedFrames(0, 9)), (backup.End, backup.Reclaimed));
    }

    [Fact]
    public void A_piece_being_cancelled_ends_cancelled_whatever_its_reclaimed_attempt_kept()
    {
        Rendering("a");
        Fire(new ChunkEvent.Cancel());

        Reclaimed(1, "a", 12);

        Assert.Equal((ChunkState.Cancelled, new FrameRange(0, 30)), (piece.State, piece.Range));
    }
}
