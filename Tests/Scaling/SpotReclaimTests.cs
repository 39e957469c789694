using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Scaling;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Scaling.Aws;

namespace RenderFarm.Tests.Scaling;

/// <summary>
/// A spot machine launched through the EC2 fake, whose silo watches its instance metadata: on the
/// notice it takes no new work, the chunk it is rendering finishes and is kept, and once EC2 takes the
/// machine back the autoscaler marks it gone and the job completes on the other nodes.
/// </summary>
[Collection(Database.DatabaseCollection.Name)]
public sealed class SpotReclaimTests
{
    private const string Offer = "aws/us-east-1/g4dn.xlarge/spot";

    [Fact]
    public async Task On_a_spot_notice_the_node_takes_no_new_work_and_the_chunk_it_renders_is_kept()
    {
        var host = new SiloMachineHost(Path.Combine(Path.GetTempPath(), "renderfarm-test-logs", "spot-" + Guid.NewGuid().ToString("N")));
        await using var ec2 = await FakeEc2Server.StartAsync(host);
        host.MoreSettings = machine => new Dictionary<string, string>
        {
            ["RenderNode__Reclaim__MetadataUrl"] = ec2.MetadataEndpoint(machine),
            ["RenderNode__Reclaim__PollPeriod"] = "00:00:01",
        };
        await using var farm = await ProcessFarm.StartAsync(1, farm => CloudAutoscalingTests.WithEc2(AutoscalerFarm.Settings(farm, [Offer], maxNodes: 2), ec2));
        var ct = TestContext.Current.CancellationToken;

        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Slow(240), new JobOptions { ChunkCount = 6 }, ct);
        var machine = (await AutoscalerFarm.UntilAsync(farm, s => s.Machines.Any(m => m.State == MachineState.Ready), "the spot machine joined", TimeSpan.FromMinutes(2))).Machines.Single();
        var rendering = await farm.UntilAsync(job.JobId, s => s.Chunks.Any(c => c.Node == machine.NodeId && c.State == ChunkState.Rendering && c.FramesDone > 0), "a chunk under way on the spot machine", TimeSpan.FromMinutes(2));
        var chunk = rendering.Chunks.First(c => c.Node == machine.NodeId && c.State == ChunkState.Rendering).Index;

        ec2.SetSpotNotice(machine.MachineId);
        var noticedAt = DateTimeOffset.UtcNow;
        await AutoscalerFarm.UntilAsync(async () => (await farm.Farm.GetClusterStatusAsync(ct)).Nodes.Single(n => n.Info.NodeId == machine.NodeId).State == NodeState.Draining, "the node draining", TimeSpan.FromSeconds(30));
        var kept = await farm.UntilAsync(job.JobId, s => s.Chunks[chunk].State == ChunkState.Completed, "the chunk under way when the notice came", TimeSpan.FromMinutes(2));
        // It was not lost with the notice: its attempt there ran on (a backup elsewhere may have won the race).
        var there = Assert.Single(kept.Chunks[chunk].History, a => a.Node == machine.NodeId);
        Assert.True(there.End is AttemptEnd.Completed or AttemptEnd.Stopped, $"{there.End}");
        Assert.Equal(1, kept.Chunks[chunk].Attempts);

        await ec2.ReclaimAsync(machine.MachineId);
        var gone = await AutoscalerFarm.UntilAsync(farm, s => s.Machines.Single(m => m.NodeId == machine.NodeId).State == MachineState.Terminated, "the reclaimed machine marked gone", TimeSpan.FromMinutes(2));
        Assert.Contains("reclaim", gone.Machines.Single(m => m.NodeId == machine.NodeId).Reason);

        var done = await farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(5));
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}; logs in {farm.LogFolder}");
        var startedThereAfterNotice = done.Chunks.SelectMany(c => c.History).Where(a => a.Node == machine.NodeId && a.StartedAt > noticedAt.AddSeconds(2)).ToList();
        Assert.Empty(startedThereAfterNotice);
    }
}
