using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Tests.Farm;

namespace RenderFarm.Tests.Durable;

/// <summary>Pause and resume, of a job and of the pool, on three real silo processes on PostgreSQL, with the whole farm restarted while paused.</summary>
public sealed class PauseResumeTests
{
    [Fact]
    public async Task A_paused_job_dispatches_nothing_keeps_its_finished_chunks_survives_a_restart_and_resumes_to_the_end()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var farm = await ProcessFarm.StartAsync(nodes: 3);
        var timeline = FarmTimelines.Slow(180);
        var job = await farm.Farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = 6 }, cancellation);
        await farm.UntilAsync(job.JobId, s => s.Chunks.Any(c => c.State == ChunkState.Rendering && c.FramesDone > 0), "a chunk rendering", TimeSpan.FromMinutes(3));

        var pausing = await farm.Farm.PauseJobAsync(job.JobId, cancellationToken: cancellation);
        Assert.Contains(pausing.State, new[] { JobState.PauseRequested, JobState.Paused });

        // The running chunks finish and are kept; nothing else starts.
        var paused = await farm.UntilAsync(job.JobId, s => s.State == JobState.Paused, "the job to be paused", TimeSpan.FromMinutes(2));
        Assert.DoesNotContain(paused.Chunks, c => c.State == ChunkState.Rendering);
        Assert.InRange(paused.ChunksDone, 1, 5);
        var scheduler = (await farm.Farm.GetClusterStatusAsync(cancellation)).Scheduler;
        Assert.Equal((0, 0), (scheduler.Queued, scheduler.Running));
        // The operator's "Pause all" is stored as well.
        await farm.Farm.PausePoolAsync(cancellation);

        await farm.StopAllAsync(graceful: false);
        for (var i = 0; i < 3; i++)
            farm.StartNode($"node-{i}");
        await farm.ConnectAsync(nodes: 3);

        var afterRestart = await farm.UntilAsync(job.JobId, _ => true, "the job's status", TimeSpan.FromMinutes(1));
        Assert.Equal(JobState.Paused, afterRestart.State);
        Assert.Equal(paused.Chunks.Select(c => (c.State, c.Attempts)), afterRestart.Chunks.Select(c => (c.State, c.Attempts)));
        var rebuilt = (await farm.ClusterStatusAfterRestartAsync(TimeSpan.FromMinutes(2))).Scheduler;
        Assert.Equal((0, 0, true), (rebuilt.Queued, rebuilt.Running, rebuilt.Paused));
        await farm.Farm.ResumePoolAsync(cancellation);

        var resumed = await farm.Farm.ResumeJobAsync(job.JobId, cancellation);
        Assert.Equal(JobState.Rendering, resumed.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => farm.Farm.ResumeJobAsync(job.JobId, cancellation));
        var status = await farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(4));

        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");
        foreach (var done in paused.Chunks.Where(c => c.State == ChunkState.Completed))
            Assert.Equal((done.Attempts, done.Node), (status.Chunks[done.Index].Attempts, status.Chunks[done.Index].Node));
        var output = timeline.Output;
        await MediaVerifier.VerifyFinalAsync(status.OutputPath!,
            new ExpectedVideo(output.DurationFrames, output.Width, output.Height, "h264", output.FrameRate), output.Audio, cancellation);
    }
}
