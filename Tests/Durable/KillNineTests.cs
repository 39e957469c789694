using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Tests.Farm;

namespace RenderFarm.Tests.Durable;

/// <summary>Real silo processes on PostgreSQL: a node killed with kill -9 in the middle of a render.</summary>
public sealed class KillNineTests
{
    public static TheoryData<int> KillPoints => [0, 3];

    /// <param name="chunksDoneBeforeKill">How far the job is when a node rendering one of its chunks is killed.</param>
    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task A_node_killed_mid_render_has_its_chunks_rendered_elsewhere_and_the_job_completes(int chunksDoneBeforeKill)
    {
        await using var farm = await ProcessFarm.StartAsync(nodes: 3);
        var timeline = FarmTimelines.Slow(300);
        // Nine chunks on three one-slot nodes start in three waves, so whatever order the first ones
        // finish in, a chunk early in its render follows every wave.
        var job = await farm.Farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = 9 }, TestContext.Current.CancellationToken);

        var before = await farm.UntilAsync(job.JobId,
            s => s.ChunksDone >= chunksDoneBeforeKill && s.Chunks.Any(EarlyInItsRender),
            $"{chunksDoneBeforeKill} chunk(s) done and one early in its render", TimeSpan.FromMinutes(3));
        var victim = before.Chunks.First(EarlyInItsRender);
        await farm.Node(victim.Node!).KillAsync();

        var status = await farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(4));

        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");
        var chunk = status.Chunks[victim.Index];
        Assert.True(chunk.Attempts >= 2, $"chunk {victim.Index} ran {chunk.Attempts} time(s)");
        Assert.Equal(victim.Node, chunk.NodesTried[0]);
        Assert.NotEqual(victim.Node, chunk.Node);
        Assert.All(status.Chunks.Where(c => c.State == ChunkState.Completed && c.Index != victim.Index && c.Node == victim.Node),
            c => Assert.True(before.Chunks[c.Index].State == ChunkState.Completed, $"chunk {c.Index} claims the killed node"));
        var cluster = await farm.Farm.GetClusterStatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal(NodeState.Dead, cluster.Nodes.Single(n => n.Info.NodeId == victim.Node).State);
        var output = timeline.Output;
        await MediaVerifier.VerifyFinalAsync(status.OutputPath!,
            new ExpectedVideo(output.DurationFrames, output.Width, output.Height, "h264", output.FrameRate), output.Audio, TestContext.Current.CancellationToken);
    }

    private static bool EarlyInItsRender(ChunkStatus chunk) =>
        chunk.State == ChunkState.Rendering && chunk.FramesDone > 0 && chunk.FramesDone < chunk.Range.Count / 2;
}
