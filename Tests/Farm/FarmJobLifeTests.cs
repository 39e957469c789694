using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Farm;

/// <summary>A job's life as a client sees it: states in order, media refused after submit, a paused pool.</summary>
public sealed class FarmJobLifeTests
{
    private static readonly JobState[] LifeOrder = [JobState.Validating, JobState.Queued, JobState.Rendering, JobState.Merging, JobState.Completed];

    [Fact]
    public async Task A_watched_job_moves_only_forward_through_its_states_in_revision_order()
    {
        await using var farm = await TestFarm.StartAsync(silos: 2, slotsPerSilo: 2);
        var ct = TestContext.Current.CancellationToken;

        var jobs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            farm.Farm.SubmitJobAsync(FarmTimelines.Small(120, $"watched {i}"), new JobOptions { ChunkCount = 6 }, ct)));
        var watched = await Task.WhenAll(jobs.Select(j => farm.WatchToEndAsync(j.JobId, TimeSpan.FromMinutes(3))));

        foreach (var updates in watched)
        {
            var states = updates.Select(u => Array.IndexOf(LifeOrder, u.State)).ToList();
            Assert.DoesNotContain(-1, states);
            Assert.True(states.Zip(states.Skip(1)).All(p => p.First <= p.Second), $"states went backwards: {string.Join(" → ", updates.Select(u => u.State))}");
            Assert.True(updates.Zip(updates.Skip(1)).All(p => p.Second.Revision > p.First.Revision), "an update was not newer than the one before it");
            Assert.True(updates.Zip(updates.Skip(1)).All(p => p.Second.FramesDone >= p.First.FramesDone), "frames went backwards");
            Assert.Equal(JobState.Completed, updates[^1].State);
        }
    }

    [Fact]
    public async Task A_job_whose_media_fails_its_checks_is_accepted_then_refused_with_every_problem_named()
    {
        await using var farm = await TestFarm.StartAsync(silos: 1);
        var ct = TestContext.Current.CancellationToken;
        var timeline = FarmTimelines.Small(50) with
        {
            Assets = new Dictionary<string, AssetRef> { ["a"] = new() { Path = "missing.mp4" }, ["music"] = new() { Path = "music.m4a", Sha256 = new string('0', 64) } },
        };

        var accepted = await farm.Farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = 2 }, ct);
        Assert.Equal(JobState.Validating, accepted.State);
        await farm.WatchToEndAsync(accepted.JobId, TimeSpan.FromMinutes(1));
        var refused = await farm.Farm.GetJobStatusAsync(accepted.JobId, ct);

        Assert.Equal(JobState.Refused, refused.State);
        Assert.Equal(["assets.a.path", "assets.music.sha256"], refused.Refusals.Select(r => r.Field).Order());
        Assert.Empty(refused.Chunks);
        Assert.Equal(0, (await farm.Farm.GetClusterStatusAsync(ct)).Scheduler.DispatchedTotal);
    }

    [Fact]
    public async Task Bad_structure_is_still_refused_at_submit_naming_every_field()
    {
        await using var farm = await TestFarm.StartAsync(silos: 1);
        var timeline = FarmTimelines.Small(50) with { Output = FarmTimelines.Small(50).Output with { Width = 0 } };

        var error = await Assert.ThrowsAsync<TimelineValidationException>(() =>
            farm.Farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = 0, Pool = "no pool!" }, TestContext.Current.CancellationToken));

        Assert.Equal(["options.chunkCount", "options.pool", "output.width"], error.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public async Task A_paused_pool_dispatches_nothing_until_it_is_resumed_and_a_paused_job_until_it_is_resumed()
    {
        await using var farm = await TestFarm.StartAsync(silos: 2);
        var ct = TestContext.Current.CancellationToken;
        await farm.Farm.PausePoolAsync(ct);

        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(100, "held"), new JobOptions { ChunkCount = 2 }, ct);
        // Its two chunks and its sound wait in the queue of a paused pool.
        var held = await FarmWaits.SchedulerAsync(farm, s => s.Queued == 3, "the job's work to be queued");
        Assert.True(held.Paused);
        Assert.Equal((0, 0L), (held.Running, held.DispatchedTotal));

        await farm.Farm.PauseJobAsync(job.JobId, cancellationToken: ct);
        Assert.Equal(JobState.Paused, (await farm.Farm.GetJobStatusAsync(job.JobId, ct)).State);
        await farm.Farm.ResumePoolAsync(ct);
        var stillHeld = await FarmWaits.SchedulerAsync(farm, s => !s.Paused, "the pool to be resumed");
        Assert.Equal((0, 0, 0L), (stillHeld.Queued, stillHeld.Running, stillHeld.DispatchedTotal));

        await farm.Farm.ResumeJobAsync(job.JobId, ct);
        await farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(2));
        var done = await farm.Farm.GetJobStatusAsync(job.JobId, ct);
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}");
        Assert.All(done.Chunks, c => Assert.Equal((ChunkState.Completed, 1), (c.State, c.Attempts)));
    }
}
