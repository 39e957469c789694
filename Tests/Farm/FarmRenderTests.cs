using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Sandbox;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Farm;

public sealed class FarmRenderTests
{
    /// <summary>Sandboxed, as a farm node is by default: every ffmpeg and ffprobe of the render runs in bubblewrap.</summary>
    [Fact]
    public async Task Three_silos_render_the_feature_sample_together()
    {
        await using var farm = await TestFarm.StartAsync(silos: 3, configureSilo: services => services.Configure<SandboxOptions>(sandbox => sandbox.Enabled = true));
        Assert.All((await farm.Farm.GetClusterStatusAsync(TestContext.Current.CancellationToken)).Nodes,
            node => Assert.Equal(SandboxState.On, node.Info.Capabilities.Sandbox));
        var timeline = TimelineJson.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "feature.json"), TestContext.Current.CancellationToken));

        var submitted = await farm.Farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = 6 }, TestContext.Current.CancellationToken);
        var updates = await farm.WatchToEndAsync(submitted.JobId, TimeSpan.FromMinutes(4));
        var status = await farm.Farm.GetJobStatusAsync(submitted.JobId, TestContext.Current.CancellationToken);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(JobState.Completed, updates[^1].State);
        Assert.All(updates.Zip(updates.Skip(1)), pair => Assert.True(pair.First.FramesDone <= pair.Second.FramesDone,
            $"progress went from {pair.First.FramesDone} down to {pair.Second.FramesDone}"));
        Assert.Equal(6, status.Chunks.Count);
        Assert.All(status.Chunks, c => Assert.Equal(ChunkState.Completed, c.State));
        Assert.Equal(3, status.Chunks.Select(c => c.Node).Distinct().Count());

        var output = timeline.Output;
        await MediaVerifier.VerifyFinalAsync(status.OutputPath!,
            new ExpectedVideo(output.DurationFrames, output.Width, output.Height, "h264", output.FrameRate), output.Audio, TestContext.Current.CancellationToken);
    }
}
