using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Farm;

/// <summary>Hung, failing and straggling renders, injected through a faulty ffmpeg; state in PostgreSQL.</summary>
public sealed class FarmFaultTests
{
    private static Action<IServiceCollection> Configure(FaultyFfmpeg ffmpeg, Action<FailoverOptions> failover) => services =>
    {
        services.Configure<RenderEngineOptions>(engine => engine.FfmpegFolder = ffmpeg.Folder);
        services.Configure(failover);
    };

    [Fact]
    public async Task A_hung_ffmpeg_is_given_up_after_the_stall_timeout_and_its_chunk_rendered_elsewhere()
    {
        using var ffmpeg = FaultyFfmpeg.HangsOnce(FaultyFfmpeg.ChunkRange(50, 50));
        await using var farm = await TestFarm.StartAsync(silos: 2, durable: true, configureSilo: Configure(ffmpeg, f =>
        {
            f.StallTimeout = TimeSpan.FromSeconds(4);
            f.SuperviseInterval = TimeSpan.FromMilliseconds(500);
        }));
        var ct = TestContext.Current.CancellationToken;

        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(150), new JobOptions { ChunkCount = 3 }, ct);
        await farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(2));
        var status = await farm.Farm.GetJobStatusAsync(job.JobId, ct);

        Assert.True(ffmpeg.Triggered, "the faulty ffmpeg never saw the chunk");
        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");
        var hung = status.Chunks.Single(c => c.Range.Start == 50);
        Assert.True(hung.Attempts >= 2, $"chunk {hung.Index} ran {hung.Attempts} time(s)");
        Assert.NotEqual(hung.NodesTried[0], hung.Node);
        Assert.Equal(150, (await MediaProbe.ProbeAsync(status.OutputPath!, ct)).VideoFrames);
    }

    [Fact]
    public async Task A_chunk_that_always_fails_fails_its_job_after_the_retry_limit_and_other_jobs_finish()
    {
        using var ffmpeg = FaultyFfmpeg.AlwaysFails(FaultyFfmpeg.ChunkRange(50, 50), FaultyFfmpeg.FrameSize(336, 180));
        await using var farm = await TestFarm.StartAsync(silos: 2, durable: true, configureSilo: Configure(ffmpeg, f =>
        {
            f.RetryBackoff = TimeSpan.FromMilliseconds(200);
            f.MaxFailedAttempts = 3;
        }));
        var ct = TestContext.Current.CancellationToken;
        var broken = FarmTimelines.Small(150, "broken") with { Output = FarmTimelines.Small(150).Output with { Width = 336 } };

        var doomed = await farm.Farm.SubmitJobAsync(broken, new JobOptions { ChunkCount = 3 }, ct);
        var healthy = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(150, "healthy"), new JobOptions { ChunkCount = 3 }, ct);
        await Task.WhenAll(farm.WatchToEndAsync(doomed.JobId, TimeSpan.FromMinutes(2)), farm.WatchToEndAsync(healthy.JobId, TimeSpan.FromMinutes(2)));

        var failed = await farm.Farm.GetJobStatusAsync(doomed.JobId, ct);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Contains("chunk 1 failed 3 times", failed.Error);
        Assert.Contains("injected failure: this chunk cannot be rendered", failed.Error);
        Assert.Equal(3, failed.Chunks[1].Attempts);
        Assert.Null(failed.OutputPath);
        var finished = await farm.Farm.GetJobStatusAsync(healthy.JobId, ct);
        Assert.True(finished.State == JobState.Completed, $"{finished.State}: {finished.Error}");
    }

    [Fact]
    public async Task A_straggler_gets_a_backup_that_finishes_the_job_early_and_only_one_output_is_committed()
    {
        var slowness = TimeSpan.FromSeconds(60);
        using var ffmpeg = FaultyFfmpeg.SlowOnce(slowness, FaultyFfmpeg.ChunkRange(100, 50));
        await using var farm = await TestFarm.StartAsync(silos: 2, durable: true, configureSilo: Configure(ffmpeg, f =>
        {
            f.StallTimeout = TimeSpan.FromMinutes(5);
            f.SuperviseInterval = TimeSpan.FromMilliseconds(500);
            f.StragglerFactor = 2;
            f.StragglerMinimum = TimeSpan.FromSeconds(2);
        }));
        var ct = TestContext.Current.CancellationToken;

        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(150), new JobOptions { ChunkCount = 3 }, ct);
        await farm.WatchToEndAsync(job.JobId, slowness / 2);
        var status = await farm.Farm.GetJobStatusAsync(job.JobId, ct);

        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");
        Assert.True(status.Elapsed < slowness / 2, $"the job took {status.Elapsed}");
        var straggler = status.Chunks.Single(c => c.Range.Start == 100);
        Assert.Equal(2, straggler.NodesTried.Count);
        Assert.Equal(straggler.NodesTried[1], straggler.Node);

        // The job's record of the straggler: the slow first attempt was stopped, the backup's file committed.
        var primary = Assert.Single(straggler.History, h => h.Lane == ChunkKey.PrimaryLane);
        var backup = Assert.Single(straggler.History, h => h.Lane == ChunkKey.BackupLane);
        Assert.Equal(AttemptEnd.Completed, backup.End);
        Assert.Equal(AttemptEnd.Stopped, primary.End);
        Assert.Equal(backup.Node, straggler.Node);
        var jobFolder = Path.GetDirectoryName(status.OutputPath!)!;
        Assert.Equal([status.OutputPath], Directory.GetFiles(jobFolder, "*", SearchOption.AllDirectories));
    }
}
