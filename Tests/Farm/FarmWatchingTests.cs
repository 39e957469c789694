using System.Text;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Scheduling;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Farm;

/// <summary>
/// What a job's page shows while the job renders and after: the latest still (a JPEG of the set width whose
/// frame moves on) and each attempt's ffmpeg log, read from the node that ran it.
/// </summary>
public sealed class FarmWatchingTests(WatchingFarmFixture fixture) : IClassFixture<WatchingFarmFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestFarm Farm => fixture.Farm;

    /// <summary>One 720p chunk slow enough (the high preset) to be read several times while it runs.</summary>
    private static Timeline Watched => FarmTimelines.Slow(150) with
    {
        Output = new OutputSpec { Width = 1280, Height = 720, FrameRate = new Rational(30, 1), DurationFrames = 150 },
    };

    [Fact]
    public async Task A_running_job_shows_a_moving_thumbnail_and_its_attempts_log_while_running_and_after()
    {
        var job = (await Farm.Farm.SubmitJobAsync(Watched, new JobOptions { ChunkCount = 1 }, Ct)).JobId;
        var piece = WorkKey.ForChunk(job, 0);

        var first = await Eventually.UntilAsync(() => Farm.Farm.GetThumbnailAsync(job, Ct), t => t is not null, Limit, "a first thumbnail");
        var moved = await Eventually.UntilAsync(() => Farm.Farm.GetThumbnailAsync(job, Ct), t => t!.Frame > first!.Frame, Limit,
            $"a thumbnail past frame {first!.Frame}", t => $"frame {t?.Frame}");
        var running = await FarmWaits.UntilAsync(Farm, job, s => s.Chunks[0].History.Count > 0, "the chunk's first attempt");
        var attempt = running.Chunks[0].History[0];
        var log = await Eventually.UntilAsync(() => Farm.Farm.GetAttemptLogAsync(job, piece, attempt.Attempt, cancellationToken: Ct),
            l => l.Text.Contains("frame=", StringComparison.Ordinal), Limit, "ffmpeg's statistics in the running attempt's log", l => l.Text);
        var status = await Farm.WatchToEndAsync(job, Limit);
        var ended = await Farm.Farm.GetAttemptLogAsync(job, piece, attempt.Attempt, tailBytes: 4096, cancellationToken: Ct);

        Assert.Equal(JobState.Completed, status[^1].State);
        Assert.Equal([0xFF, 0xD8], moved!.Jpeg[..2]);
        Assert.Equal((320, 180), (moved.Width, moved.Height));
        Assert.Equal("320,180", await ProbedSizeAsync(moved.Jpeg));
        Assert.InRange(moved.Frame, 1, Watched.Output.DurationFrames - 1);
        Assert.Equal(0, moved.ChunkIndex);
        Assert.True(log.Running, "read while the attempt renders");
        Assert.Equal(attempt.Node, log.Node);
        Assert.False(ended.Running);
        Assert.Contains("frame=", ended.Text, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(ended.Text), 1, 4096);
        Assert.True(ended.Truncated, "a 4 KiB tail of a whole render's log leaves its start out");
    }

    [Fact]
    public async Task Bad_arguments_for_an_attempts_log_are_refused_by_name_by_the_client_and_by_the_job()
    {
        var job = Guid.NewGuid();
        var piece = WorkKey.ForChunk(job, 0);
        var grain = Farm.Cluster.Client.GetGrain<IRenderJobGrain>(job);

        Assert.Equal("tailBytes", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Farm.Farm.GetAttemptLogAsync(job, piece, 1, 0, Ct))).ParamName);
        Assert.Equal("attempt", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Farm.Farm.GetAttemptLogAsync(job, piece, 0, cancellationToken: Ct))).ParamName);
        Assert.Equal("piece", (await Assert.ThrowsAsync<ArgumentException>(() => Farm.Farm.GetAttemptLogAsync(job, WorkKey.ForChunk(Guid.NewGuid(), 0), 1, cancellationToken: Ct))).ParamName);
        // Across the wire an exception keeps its type and message: the message names the argument.
        Assert.StartsWith("tailBytes:", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.GetAttemptLogAsync(piece, 1, AttemptLogRules.MaxTailBytes + 1))).Message);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => grain.GetAttemptLogAsync(piece, 1, 100));
        Assert.Null(await Farm.Farm.GetThumbnailAsync(job, Ct));
    }

    private static async Task<string> ProbedSizeAsync(byte[] jpeg)
    {
        using var directory = new TestDirectory("still");
        var path = directory.File("still.jpg");
        await File.WriteAllBytesAsync(path, jpeg, Ct);
        return Encoding.UTF8.GetString(await ProcessRunner.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path])).Trim();
    }
}
