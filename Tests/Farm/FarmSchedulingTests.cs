using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Farm;

public sealed class FarmSchedulingTests
{
    [Fact]
    public async Task A_high_priority_job_submitted_later_is_dispatched_first_and_no_node_exceeds_its_slots()
    {
        await using var farm = await TestFarm.StartAsync(silos: 2, slotsPerSilo: 1);
        var ct = TestContext.Current.CancellationToken;

        var low = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(288, "low"), new JobOptions { Priority = JobPriority.Low, ChunkCount = 12 }, ct);
        // Validation runs apart from the submit call, so the low job must be seen dispatched before the high one is sent.
        await WaitForFirstChunkDispatchAsync(farm, low.JobId, ct);
        var high = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(120, "high"), new JobOptions { Priority = JobPriority.High, ChunkCount = 4 }, ct);
        await Task.WhenAll(farm.WatchToEndAsync(low.JobId, TimeSpan.FromMinutes(3)), farm.WatchToEndAsync(high.JobId, TimeSpan.FromMinutes(3)));

        var cluster = await farm.Farm.GetClusterStatusAsync(ct);
        // The sound and the merge take slots too; the order of the chunks is what is checked here.
        var dispatches = cluster.Scheduler.RecentDispatches.Where(d => d.Work.Kind == WorkKind.Chunk).ToList();
        var firstHigh = dispatches.ToList().FindIndex(d => d.Work.JobId == high.JobId);
        var lastHigh = dispatches.ToList().FindLastIndex(d => d.Work.JobId == high.JobId);
        Assert.True(firstHigh > 0, "the low-priority job should have started first");
        Assert.Equal(4, lastHigh - firstHigh + 1);
        Assert.All(dispatches.Skip(firstHigh).Take(4), d => Assert.Equal(high.JobId, d.Work.JobId));
        Assert.Contains(dispatches.Skip(lastHigh + 1), d => d.Work.JobId == low.JobId);

        await WaitForLoadReportsAsync(farm, ct);
        var nodes = (await farm.Farm.GetClusterStatusAsync(ct)).Nodes;
        Assert.Equal(2, nodes.Count);
        Assert.All(nodes, n => Assert.InRange(n.Load.MostAtOnce, 1, n.Info.Capabilities.RenderSlots));
        Assert.Equal(16, nodes.Sum(n => n.Load.ChunksRendered));
    }

    [Fact]
    public async Task Ten_jobs_submitted_at_once_all_complete_verified()
    {
        await using var farm = await TestFarm.StartAsync(silos: 3, slotsPerSilo: 1);
        var ct = TestContext.Current.CancellationToken;

        var jobs = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            farm.Farm.SubmitJobAsync(FarmTimelines.Small(50 + 5 * i, $"job {i}"), cancellationToken: ct)));
        await Task.WhenAll(jobs.Select(j => farm.WatchToEndAsync(j.JobId, TimeSpan.FromMinutes(4))));

        foreach (var job in jobs)
        {
            var status = await farm.Farm.GetJobStatusAsync(job.JobId, ct);
            Assert.True(status.State == JobState.Completed, $"{status.Name}: {status.State} {status.Error}");
            var facts = await MediaProbe.ProbeAsync(status.OutputPath!, ct);
            Assert.Equal(status.TotalFrames, facts.VideoFrames);
            Assert.Equal(status.TotalFrames / 25.0, facts.VideoDurationSeconds, precision: 2);
        }
    }

    [Fact]
    public async Task A_priority_raised_while_queued_decides_the_next_dispatches_and_shows_in_status_and_listing()
    {
        await using var farm = await TestFarm.StartAsync(silos: 1, slotsPerSilo: 1);
        var ct = TestContext.Current.CancellationToken;
        // Held until both jobs are queued and one has changed, so that the first dispatch is the one checked.
        await farm.Farm.PausePoolAsync(ct);
        var normal = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(50, "normal"), new JobOptions { ChunkCount = 2 }, ct);
        var low = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(50, "low"), new JobOptions { Priority = JobPriority.Low, ChunkCount = 2 }, ct);
        await FarmWaits.SchedulerAsync(farm, s => s.Queued == 6, "both jobs' chunks and sounds queued in the paused pool");

        var past = await Assert.ThrowsAsync<ArgumentException>(() =>
            farm.Farm.SetJobPriorityAsync(low.JobId, new PriorityChange { Deadline = DateTimeOffset.UtcNow.AddMinutes(-1) }, ct));
        Assert.Contains("deadline: must be in the future", past.Message);
        var changed = await farm.Farm.SetJobPriorityAsync(low.JobId, new PriorityChange { Priority = JobPriority.High }, ct);
        Assert.Equal(JobPriority.High, changed.Priority);
        await farm.Farm.ResumePoolAsync(ct);
        await Task.WhenAll(farm.WatchToEndAsync(low.JobId, TimeSpan.FromMinutes(2)), farm.WatchToEndAsync(normal.JobId, TimeSpan.FromMinutes(2)));

        var dispatches = (await farm.Farm.GetClusterStatusAsync(ct)).Scheduler.RecentDispatches;
        Assert.Equal([low.JobId, low.JobId, normal.JobId, normal.JobId], dispatches.Where(d => d.Work.Kind == WorkKind.Chunk).Select(d => d.Work.JobId));
        Assert.Equal(low.JobId, dispatches.First(d => d.Work.Kind == WorkKind.Sound).Work.JobId);
        Assert.Equal(JobPriority.High, (await farm.Farm.GetJobStatusAsync(low.JobId, ct)).Priority);
        Assert.Equal(JobPriority.High, (await farm.Farm.ListJobsAsync(new JobQuery(), ct)).Jobs.Single(j => j.JobId == low.JobId).Priority);
        var ended = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            farm.Farm.SetJobPriorityAsync(low.JobId, new PriorityChange { Priority = JobPriority.Low }, ct));
        Assert.Contains("the job is Completed", ended.Message);
    }

    private static async Task WaitForFirstChunkDispatchAsync(TestFarm farm, Guid jobId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!(await farm.Farm.GetClusterStatusAsync(timeout.Token)).Scheduler.RecentDispatches
                   .Any(d => d.Work.JobId == jobId && d.Work.Kind == WorkKind.Chunk))
            await Task.Delay(50, timeout.Token);
    }

    private static async Task WaitForLoadReportsAsync(TestFarm farm, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while ((await farm.Farm.GetClusterStatusAsync(timeout.Token)).Nodes.Sum(n => n.Load.ChunksRendered) < 16)
            await Task.Delay(100, timeout.Token);
    }
}
