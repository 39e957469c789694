using Orleans.TestingHost;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Farm;

/// <summary>In-memory failover: a silo rendering a chunk goes away and the chunk is rendered again elsewhere.</summary>
public sealed class FarmFailoverTests
{
    public static TheoryData<bool> StopKinds => [false, true];

    [Theory]
    [MemberData(nameof(StopKinds))]
    public async Task A_chunk_whose_silo_goes_away_is_rendered_again_on_another_silo(bool kill)
    {
        await using var farm = await TestFarm.StartAsync(silos: 3);
        var ct = TestContext.Current.CancellationToken;
        var timeline = FarmTimelines.Slow(300);
        var job = await farm.Farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = 6 }, ct);

        // Never the first silo: it is the membership primary of the test cluster.
        var secondaries = farm.Cluster.Silos.Skip(1).Select(s => s.Name).ToHashSet();
        var running = await FarmWaits.UntilAsync(farm, job.JobId,
            s => s.Chunks.Any(c => EarlyInItsRender(c) && secondaries.Contains(c.Node!)),
            "a chunk early in its render on a secondary silo");
        var victim = running.Chunks.First(c => EarlyInItsRender(c) && secondaries.Contains(c.Node!));
        var silo = farm.Cluster.Silos.Single(s => s.Name == victim.Node);

        if (kill)
            await farm.Cluster.KillSiloAsync(silo, ct);
        else
            await farm.Cluster.StopSiloAsync(silo, ct);

        var updates = await farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(5));
        var status = await farm.Farm.GetJobStatusAsync(job.JobId, ct);
        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");
        Assert.Equal(JobState.Completed, updates[^1].State);
        var chunk = status.Chunks[victim.Index];
        Assert.True(chunk.Attempts >= 2, $"chunk {victim.Index} ran {chunk.Attempts} time(s): {chunk} (stopped {victim.Node} while it showed {victim})");
        Assert.Equal(victim.Node, chunk.NodesTried[0]);
        Assert.NotEqual(victim.Node, chunk.Node);
        Assert.DoesNotContain(status.Chunks, c => c.Node == victim.Node && c.State == ChunkState.Completed && c.Index == victim.Index);

        var output = timeline.Output;
        await MediaVerifier.VerifyFinalAsync(status.OutputPath!,
            new ExpectedVideo(output.DurationFrames, output.Width, output.Height, "h264", output.FrameRate), output.Audio, ct);
    }

    /// <summary>Under way but far from done, so that stopping its silo surely interrupts it.</summary>
    private static bool EarlyInItsRender(ChunkStatus chunk) =>
        chunk.State == ChunkState.Rendering && chunk.FramesDone > 0 && chunk.FramesDone < chunk.Range.Count / 2;
}
