using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Tests.Farm;

namespace RenderFarm.Tests.Durable;

/// <summary>Real silo processes on PostgreSQL: the whole farm goes down in the middle of a job and comes back.</summary>
public sealed class RestartTests
{
    /// <param name="graceful">SIGTERM to every node (an upgrade) or kill -9 to every node (a power cut).</param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_job_survives_a_restart_of_every_silo_and_completed_chunks_are_not_rendered_again(bool graceful)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var farm = await ProcessFarm.StartAsync(nodes: 3);
        var timeline = FarmTimelines.Slow(180);
        var job = await farm.Farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = 6 }, cancellation);

        var before = await farm.UntilAsync(job.JobId,
            s => s.ChunksDone >= 2 && s.Chunks.Any(c => c.State == ChunkState.Rendering && c.FramesDone > 0),
            "two chunks done and another one rendering", TimeSpan.FromMinutes(3));
        await farm.StopAllAsync(graceful);
        for (var i = 0; i < 3; i++)
            farm.StartNode($"node-{i}");
        await farm.ConnectAsync(nodes: 3);

        var status = await farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(4));

        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");
        foreach (var done in before.Chunks.Where(c => c.State == ChunkState.Completed))
        {
            var after = status.Chunks[done.Index];
            Assert.True(done.Attempts == after.Attempts && done.NodesTried.SequenceEqual(after.NodesTried),
                $"chunk {done.Index} was complete before the restart ({done.Attempts} attempt(s) on {string.Join(",", done.NodesTried)}) " +
                $"and shows {after.Attempts} on {string.Join(",", after.NodesTried)} after it");
        }
        var output = timeline.Output;
        await MediaVerifier.VerifyFinalAsync(status.OutputPath!,
            new ExpectedVideo(output.DurationFrames, output.Width, output.Height, "h264", output.FrameRate), output.Audio, cancellation);

        // The job's record is its own: after yet another restart a completed job still shows who rendered what.
        await farm.StopAllAsync(graceful);
        for (var i = 0; i < 3; i++)
            farm.StartNode($"node-{i}");
        await farm.ConnectAsync(nodes: 3);
        var later = await farm.UntilAsync(job.JobId, _ => true, "the job's status", TimeSpan.FromMinutes(1));
        Assert.Equal(JobState.Completed, later.State);
        Assert.Equal(later.TotalFrames, later.FramesDone);
        Assert.Equal(6, later.ChunksDone);
        foreach (var chunk in status.Chunks)
        {
            var kept = later.Chunks[chunk.Index];
            Assert.Equal((ChunkState.Completed, chunk.Range.Count, chunk.Attempts, chunk.Node), (kept.State, kept.FramesDone, kept.Attempts, kept.Node));
            Assert.Equal(chunk.NodesTried, kept.NodesTried);
            Assert.Equal(chunk.History, kept.History);
            Assert.NotEmpty(kept.History);
        }
        Assert.Equal(ChunkState.Completed, later.Sound!.State);
        Assert.Equal(ChunkState.Completed, later.Merge!.State);
    }
}
