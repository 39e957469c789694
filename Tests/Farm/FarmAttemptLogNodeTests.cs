using RenderFarm.Jobs;
using RenderFarm.Scheduling;
using RenderFarm.Tests.Database;

namespace RenderFarm.Tests.Farm;

/// <summary>An attempt's log is read on the node that ran it, whichever silo asks; once that node is gone, the answer says so.</summary>
public sealed class FarmAttemptLogNodeTests
{
    [Fact]
    public async Task Each_attempts_log_is_read_from_its_own_node_and_a_stopped_nodes_log_is_said_to_be_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var farm = await TestFarm.StartAsync(silos: 2);
        var job = (await farm.Farm.SubmitJobAsync(FarmTimelines.Small(60, "logs"), new JobOptions { ChunkCount = 2 }, ct)).JobId;
        await farm.WatchToEndAsync(job, TimeSpan.FromSeconds(60));
        var status = await farm.Farm.GetJobStatusAsync(job, ct);
        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(2, status.Chunks.Select(c => c.Node).Distinct().Count());

        foreach (var chunk in status.Chunks)
        {
            var attempt = chunk.History[^1];
            var log = await farm.Farm.GetAttemptLogAsync(job, WorkKey.ForChunk(job, chunk.Index), attempt.Attempt, cancellationToken: ct);
            Assert.Equal((attempt.Node, false), (log.Node, log.Running));
            Assert.Contains("frame=", log.Text, StringComparison.Ordinal);
        }

        // Never the first silo: it is the membership primary of the test cluster.
        var stopped = farm.Cluster.Silos[1];
        var onStopped = status.Chunks.Single(c => c.Node == stopped.Name);
        await farm.Cluster.StopSiloAsync(stopped, ct);
        var gone = await Eventually.UntilAsync(
            () => farm.Farm.GetAttemptLogAsync(job, WorkKey.ForChunk(job, onStopped.Index), onStopped.History[^1].Attempt, cancellationToken: ct),
            log => log.Text.Contains("no longer in the cluster", StringComparison.Ordinal), TimeSpan.FromSeconds(30),
            $"the log of chunk {onStopped.Index} said to be gone with {stopped.Name}", log => log.Text[..Math.Min(200, log.Text.Length)]);

        Assert.Equal(stopped.Name, gone.Node);
    }
}
