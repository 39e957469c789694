using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Farm;

public sealed class FarmCancellationTests
{
    [Fact]
    public async Task Cancelling_mid_render_stops_every_ffmpeg_and_publishes_nothing()
    {
        await using var farm = await TestFarm.StartAsync(silos: 2);
        var ct = TestContext.Current.CancellationToken;
        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Slow(300), new JobOptions { ChunkCount = 4 }, ct);
        await FarmWaits.UntilAsync(farm, job.JobId, s => s.Chunks.Any(c => c.State == ChunkState.Rendering) && FfmpegProcesses.Mentioning(farm.StoreRoot).Count > 0,
            "a chunk's ffmpeg to be running");

        var cancelled = await farm.Farm.CancelJobAsync(job.JobId, ct);

        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.True(await FfmpegProcesses.GoneWithinAsync(farm.StoreRoot, TimeSpan.FromSeconds(5)), "ffmpeg still runs after the job was cancelled");
        var status = await farm.Farm.GetJobStatusAsync(job.JobId, ct);
        Assert.Equal(JobState.Cancelled, status.State);
        Assert.Null(status.OutputPath);
        var jobFolder = Path.Combine(farm.StoreRoot, "store", "jobs", job.JobId.ToString("N"));
        var published = Directory.Exists(jobFolder) ? Directory.GetFiles(jobFolder, "*", SearchOption.AllDirectories) : [];
        Assert.Empty(published);
        // Nothing of the render is left; the attempts' ffmpeg logs are kept on purpose (docs/thumbnails-and-logs.md).
        var logs = $"{Path.DirectorySeparatorChar}attempt-logs{Path.DirectorySeparatorChar}";
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(farm.StoreRoot, "work"), "*", SearchOption.AllDirectories),
            file => !file.Contains(logs, StringComparison.Ordinal));
    }
}
