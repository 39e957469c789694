using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Metrics;
using RenderFarm.Nodes;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Farm;

namespace RenderFarm.Tests.Monitoring;

/// <summary>
/// <c>GetMetricsAsync</c> on a real in-process farm rendering a job: the job active with its progress,
/// the nodes and slots as the farm has them, frames per second from two readings, and after the job
/// the nodes' counters equal to what the job did. Then the rates' arithmetic on its own.
/// </summary>
public sealed class FarmMetricsTests
{
    private static readonly TimeSpan ReadingLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_rendering_farm_reads_as_its_nodes_slots_and_active_job_with_frames_per_second_and_its_counters_match_the_job_after()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var farm = await TestFarm.StartAsync(silos: 2, slotsPerSilo: 1,
            configureSilo: services => services.Configure<CostOptions>(costs => costs.Instance = "aws/us-east-1/g4dn.xlarge/on-demand"));
        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Slow(240), new JobOptions { Name = "metrics", ChunkCount = 4 }, ct);

        // Two readings while frames are being rendered: the second has a rate.
        var rendering = await ReadUntilAsync(farm, m => m.FramesPerSecond > 0 && Active(m, job.JobId) is { State: JobState.Rendering, FramesDone: > 0 },
            "a reading with the job rendering and frames per second");
        Assert.Equal(RenderFarmNames.DefaultPool, rendering.Pool);
        Assert.Equal(2, rendering.NodesActive);
        Assert.Equal(2, rendering.NodesTotal);
        Assert.Equal(2, rendering.Slots);
        Assert.InRange(rendering.SlotsBusy, 1, 2);
        Assert.All(rendering.Nodes, node => Assert.Equal((NodeState.Ready, 1), (node.State, node.Slots)));
        Assert.Equal(rendering.SlotsBusy, rendering.Nodes.Sum(n => n.Running));
        Assert.Equal(1, rendering.ActiveJobCount);
        var active = Assert.Single(rendering.Jobs);
        Assert.Equal((job.JobId, "metrics", job.Submitter, 240, 4), (active.JobId, active.Name, active.Submitter, active.TotalFrames, active.ChunksTotal));
        Assert.InRange(active.Progress, 0.001, 0.999);
        Assert.InRange(active.ChunksRunning, 1, 3);
        Assert.True(active.FramesPerSecond > 0, $"job rate {active.FramesPerSecond}");
        Assert.Equal(active.FramesPerSecond, rendering.FramesPerSecond);
        Assert.NotNull(active.Eta);
        Assert.True(active.Elapsed > TimeSpan.Zero);
        Assert.Equal(2 * 0.526m, rendering.HourlyCost);
        Assert.True(active.Cost > 0, "a rendering job on priced nodes has cost nothing yet");

        var updates = await farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(4));
        Assert.Equal(JobState.Completed, updates[^1].State);
        var status = await farm.Farm.GetJobStatusAsync(job.JobId, ct);

        // The nodes report their counters every 200 ms: wait for the reports after the last chunk.
        var after = await ReadUntilAsync(farm, m => m.Nodes.Sum(n => n.ChunksCompleted) >= status.Chunks.Count && m.JobsByState.ContainsKey(JobState.Completed),
            "the nodes' reports after the job");
        Assert.Empty(after.Jobs);
        Assert.Equal(0, after.ActiveJobCount);
        Assert.Equal(1, after.JobsByState[JobState.Completed]);
        Assert.Equal(status.Chunks.Count, after.Nodes.Sum(n => n.ChunksCompleted));
        Assert.Equal(status.TotalFrames, after.Nodes.Sum(n => n.FramesRendered));
        Assert.Equal(status.FramesDone, after.Nodes.Sum(n => n.FramesRendered));
        Assert.Equal(0, after.Nodes.Sum(n => n.ChunksFailed));
        Assert.Equal((0, 0), (after.SlotsBusy, after.Queued));
        Assert.All(after.Nodes, node => Assert.True(node.Uptime > TimeSpan.Zero && node.LastReportAt > DateTimeOffset.UtcNow.AddMinutes(-1), $"{node.NodeId}: {node.Uptime}, {node.LastReportAt:O}"));
        // On Linux each node reports its machine's CPU and memory.
        Assert.All(after.Nodes, node => Assert.True(node.CpuShare is >= 0 and <= 1 && node.MemoryShare is > 0 and <= 1, $"{node.NodeId}: CPU {node.CpuShare}, memory {node.MemoryShare}"));
    }

    [Fact]
    public void Rates_are_the_counters_growth_per_second_since_the_previous_reading()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var jobA = Guid.NewGuid();
        var jobB = Guid.NewGuid();
        var previous = Reading(t0, [Job(jobA, framesDone: 10, total: 100)], [Node("n1", chunks: 1, frames: 20), Node("n2", chunks: 4, frames: 80)]);
        var current = Reading(t0.AddSeconds(2), [Job(jobA, framesDone: 30, total: 100), Job(jobB, framesDone: 5, total: 50)],
            [Node("n1", chunks: 3, frames: 70), Node("n2", chunks: 4, frames: 80), Node("n3", chunks: 9, frames: 900)]);

        var rated = FarmMetricsRates.Apply(current, previous);

        var a = rated.Jobs.Single(j => j.JobId == jobA);
        Assert.Equal(10, a.FramesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(7), a.Eta);
        // A job the previous reading did not have: no rate yet, and it adds nothing to the farm's.
        var b = rated.Jobs.Single(j => j.JobId == jobB);
        Assert.Equal((null, null), (b.FramesPerSecond, b.Eta));
        Assert.Equal(10, rated.FramesPerSecond);
        Assert.Equal([25.0, 0.0, null], rated.Nodes.Select(n => n.FramesPerSecond));
        // Two chunks on n1 in two seconds; the new node n3's counters are its whole life, not this interval.
        Assert.Equal(1, rated.ChunksPerSecond);
    }

    [Fact]
    public void A_counter_that_went_down_counts_as_no_progress_and_a_stalled_job_has_no_eta()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var job = Guid.NewGuid();
        var stalled = Guid.NewGuid();
        // A chunk of the job is rendered again from its start; the node restarted and counts from 0.
        var previous = Reading(t0, [Job(job, framesDone: 60, total: 100), Job(stalled, framesDone: 5, total: 10)], [Node("n1", chunks: 7, frames: 700)]);
        var current = Reading(t0.AddSeconds(4), [Job(job, framesDone: 40, total: 100), Job(stalled, framesDone: 5, total: 10)], [Node("n1", chunks: 1, frames: 10)]);

        var rated = FarmMetricsRates.Apply(current, previous);

        Assert.All(rated.Jobs, j => Assert.Equal((0.0, (TimeSpan?)null), (j.FramesPerSecond, j.Eta)));
        Assert.Equal(0, rated.FramesPerSecond);
        Assert.Equal(0, rated.Nodes.Single().FramesPerSecond);
        Assert.Equal(0, rated.ChunksPerSecond);
        Assert.Equal(0, FarmMetricsRates.Increase(3, 5));
        Assert.Equal(TimeSpan.Zero, FarmMetricsRates.Eta(0, 12.5));
    }

    [Fact]
    public void A_rate_moves_from_the_previous_one_towards_the_new_interval_s_by_the_share_the_interval_is_of_the_time_constant()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var job = Guid.NewGuid();
        // 10 frames per second before; in the next time constant (5 s) no frame: the rate falls by 1 − 1/e, not to 0.
        var previous = Reading(t0, [Job(job, framesDone: 50, total: 100) with { FramesPerSecond = 10 }], [Node("n1", chunks: 2, frames: 50) with { FramesPerSecond = 10 }])
            with { ChunksPerSecond = 1 };
        var current = Reading(t0 + FarmMetricsRates.TimeConstant, [Job(job, framesDone: 50, total: 100)], [Node("n1", chunks: 2, frames: 50)]);

        var rated = FarmMetricsRates.Apply(current, previous);

        var expected = 10 / Math.E;
        Assert.Equal(expected, rated.Jobs.Single().FramesPerSecond!.Value, precision: 9);
        Assert.Equal(expected, rated.FramesPerSecond!.Value, precision: 9);
        Assert.Equal(expected, rated.Nodes.Single().FramesPerSecond!.Value, precision: 9);
        Assert.Equal(1 / Math.E, rated.ChunksPerSecond!.Value, precision: 9);
        Assert.Equal(TimeSpan.FromSeconds(50 / expected), rated.Jobs.Single().Eta!.Value);

        // Two readings in quick succession weigh the second interval little: 20 frames in 0.5 s (40/s) lift 10/s by under a tenth of the gap.
        var soon = Reading(t0 + FarmMetricsRates.TimeConstant + TimeSpan.FromSeconds(0.5), [Job(job, framesDone: 70, total: 100)], [Node("n1", chunks: 2, frames: 50)]);
        var next = FarmMetricsRates.Apply(soon, rated with { Jobs = [rated.Jobs.Single() with { FramesPerSecond = 10 }] });
        Assert.Equal(10 + ((1 - Math.Exp(-0.1)) * 30), next.Jobs.Single().FramesPerSecond!.Value, precision: 9);
    }

    [Fact]
    public void Without_an_earlier_reading_there_are_no_rates()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var reading = Reading(t0, [Job(Guid.NewGuid(), framesDone: 10, total: 100)], [Node("n1", chunks: 1, frames: 20)]);

        foreach (var rated in new[] { FarmMetricsRates.Apply(reading, null), FarmMetricsRates.Apply(reading, reading), FarmMetricsRates.Apply(reading, reading with { ReadAt = t0.AddSeconds(1) }) })
        {
            Assert.Equal((null, null), (rated.FramesPerSecond, rated.ChunksPerSecond));
            Assert.All(rated.Jobs, j => Assert.Equal((null, null), (j.FramesPerSecond, j.Eta)));
            Assert.All(rated.Nodes, n => Assert.Null(n.FramesPerSecond));
        }
    }

    private static FarmMetrics Reading(DateTimeOffset at, IReadOnlyList<JobMetrics> jobs, IReadOnlyList<NodeMetrics> nodes) =>
        new() { ReadAt = at, Pool = "default", Jobs = jobs, Nodes = nodes };

    private static JobMetrics Job(Guid id, int framesDone, int total) => new() { JobId = id, State = JobState.Rendering, FramesDone = framesDone, TotalFrames = total };

    private static NodeMetrics Node(string id, long chunks, long frames) => new() { NodeId = id, State = NodeState.Ready, Slots = 1, ChunksCompleted = chunks, FramesRendered = frames };

    private static JobMetrics? Active(FarmMetrics metrics, Guid jobId) => metrics.Jobs.SingleOrDefault(j => j.JobId == jobId);

    /// <summary>Reads the farm again and again, each reading's rates from the one before, until <paramref name="condition"/> holds.</summary>
    private static Task<FarmMetrics> ReadUntilAsync(TestFarm farm, Func<FarmMetrics, bool> condition, string what)
    {
        FarmMetrics? last = null;
        return Eventually.UntilAsync(async () => last = await farm.Farm.GetMetricsAsync(last, TestContext.Current.CancellationToken), condition, ReadingLimit, what,
            m => $"{m.NodesActive}/{m.NodesTotal} nodes, {m.SlotsBusy}/{m.Slots} slots, {m.FramesPerSecond} frames/s, jobs: {string.Join(", ", m.Jobs.Select(j => $"{j.State} {j.FramesDone}/{j.TotalFrames}"))}");
    }
}
