using Microsoft.Extensions.Time.Testing;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;

namespace RenderFarm.Tests.Jobs;

public sealed class JobChunksTests
{
    private static readonly Guid JobId = Guid.NewGuid();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly FailoverOptions policy = new()
    {
        StallTimeout = TimeSpan.FromSeconds(30),
        MaxFailedAttempts = 3,
        RetryBackoff = TimeSpan.FromSeconds(2),
        BlocklistAfterFailures = 2,
        StragglerFactor = 3,
        StragglerMinimum = TimeSpan.FromSeconds(5),
    };

    private JobChunks Chunks(int count, int frames = 30) =>
        new(JobId, Enumerable.Range(0, count).Select(i => new FrameRange(i * frames, frames)).ToList(), policy, clock);

    private static ChunkReport Attempt(int index, int attempt, string node, int lane = ChunkKey.PrimaryLane) =>
        new(new ChunkKey(JobId, index), attempt, node, lane);

    [Fact]
    public void An_attempt_that_stops_advancing_is_given_up_after_the_stall_timeout()
    {
        var chunks = Chunks(2);
        chunks.Started(Attempt(0, 1, "a"));
        chunks.Progressed(Attempt(0, 1, "a"), 10);
        clock.Advance(TimeSpan.FromSeconds(20));
        chunks.Progressed(Attempt(0, 1, "a"), 10);

        Assert.Empty(chunks.TakeStalled());
        clock.Advance(TimeSpan.FromSeconds(10));
        var (attempt, requeue) = Assert.Single(chunks.TakeStalled());

        Assert.Equal(Attempt(0, 1, "a"), attempt);
        Assert.Equal(["a"], requeue.Avoid);
        Assert.Equal(ChunkState.Queued, chunks.All[0].State);
    }

    [Fact]
    public void Failures_are_retried_with_doubling_backoff_away_from_the_node_then_the_chunk_gives_up()
    {
        var chunks = Chunks(1);
        chunks.Started(Attempt(0, 1, "a"));
        var first = chunks.Failed(Attempt(0, 1, "a"), "boom");
        chunks.Started(Attempt(0, 2, "b"));
        var second = chunks.Failed(Attempt(0, 2, "b"), "boom");
        chunks.Started(Attempt(0, 3, "c"));
        var third = chunks.Failed(Attempt(0, 3, "c"), "ffmpeg exited with code 1: last lines");

        Assert.Equal(JobChunks.FailureVerdict.Retry, first.Verdict);
        Assert.Equal(clock.GetUtcNow().AddSeconds(2), first.Retry!.NotBefore);
        Assert.Equal(["a"], first.Retry.Avoid);
        Assert.Equal(clock.GetUtcNow().AddSeconds(4), second.Retry!.NotBefore);
        Assert.Equal(["a", "b"], second.Retry.Avoid);
        Assert.Equal(JobChunks.FailureVerdict.GiveUp, third.Verdict);
        Assert.Equal(ChunkState.Failed, chunks.All[0].State);
        Assert.Equal("ffmpeg exited with code 1: last lines", chunks.All[0].Error);
    }

    [Fact]
    public void A_node_failing_chunks_of_the_job_repeatedly_is_blocklisted_once()
    {
        var chunks = Chunks(3);
        chunks.Started(Attempt(0, 1, "a"));
        chunks.Started(Attempt(1, 1, "a"));
        chunks.Started(Attempt(2, 1, "a"));

        Assert.Null(chunks.Failed(Attempt(0, 1, "a"), "x").BlocklistNode);
        Assert.Equal("a", chunks.Failed(Attempt(1, 1, "a"), "x").BlocklistNode);
        Assert.Null(chunks.Failed(Attempt(2, 1, "a"), "x").BlocklistNode);
    }

    [Fact]
    public void Stale_and_duplicate_reports_change_nothing()
    {
        var chunks = Chunks(1);
        chunks.Started(Attempt(0, 2, "b"));

        Assert.False(chunks.Started(Attempt(0, 1, "a")));
        Assert.Equal(JobChunks.FailureVerdict.Ignored, chunks.Failed(Attempt(0, 1, "a"), "late").Verdict);
        Assert.True(chunks.Completed(Attempt(0, 2, "b"), "/store/c0.mp4").Changed);
        Assert.False(chunks.Completed(Attempt(0, 1, "a"), "/store/c0.mp4").Changed);
        Assert.Equal("b", chunks.All[0].Node);
    }

    [Fact]
    public void A_straggler_gets_one_backup_and_whichever_lane_finishes_first_stops_the_other()
    {
        var chunks = Chunks(3);
        for (var i = 0; i < 3; i++)
            chunks.Started(Attempt(i, 1, $"n{i}"));
        clock.Advance(TimeSpan.FromSeconds(2));
        chunks.Completed(Attempt(0, 1, "n0"), "c0");
        chunks.Completed(Attempt(1, 1, "n1"), "c1");

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty(chunks.TakeStragglerBackups());
        clock.Advance(TimeSpan.FromSeconds(2));
        var backup = Assert.Single(chunks.TakeStragglerBackups());
        Assert.Empty(chunks.TakeStragglerBackups());

        Assert.Equal(ChunkKey.BackupLane, backup.Lane);
        Assert.Equal(["n2"], backup.Avoid);
        chunks.Started(Attempt(2, 2, "n0", ChunkKey.BackupLane));
        var (changed, loser) = chunks.Completed(Attempt(2, 2, "n0", ChunkKey.BackupLane), "c2");
        Assert.True(changed);
        Assert.Equal(Attempt(2, 1, "n2"), loser);
        Assert.True(chunks.AllCompleted);
    }
}
