using RenderFarm.Chunks;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Costs;

/// <summary>Every attempt on the bill, and the accounts adding up, on an in-process farm of priced machines.</summary>
public sealed class FarmBillingTests
{
    [Fact]
    public async Task Backup_and_cancelled_attempts_are_billed_and_user_project_and_pool_ledgers_add_up_to_the_jobs_plus_idle_time()
    {
        using var prices = new PricedFarm();
        var slowness = TimeSpan.FromSeconds(20);
        using var ffmpeg = FaultyFfmpeg.SlowOnce(slowness, FaultyFfmpeg.ChunkRange(100, 50));
        await using var farm = await TestFarm.StartAsync(silos: 2, configureSilo: prices.Configure(f =>
        {
            f.StallTimeout = TimeSpan.FromMinutes(5);
            f.SuperviseInterval = TimeSpan.FromMilliseconds(500);
            f.StragglerFactor = 2;
            f.StragglerMinimum = TimeSpan.FromSeconds(2);
        }, ffmpeg));
        var ct = TestContext.Current.CancellationToken;
        var options = new JobOptions { ChunkCount = 3, Submitter = "ana", Project = "trailer" };

        var straggling = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(150, "straggling"), options, ct);
        await farm.WatchToEndAsync(straggling.JobId, slowness);
        var cancelled = await farm.Farm.SubmitJobAsync(FarmTimelines.Slow(240), options with { ChunkCount = 2 }, ct);
        await FarmWaits.UntilAsync(farm, cancelled.JobId, s => s.Chunks.Any(c => c.State == ChunkState.Rendering), "a chunk rendering");
        await farm.Farm.CancelJobAsync(cancelled.JobId, ct);

        var jobs = new[] { straggling.JobId, cancelled.JobId };
        var bills = new Dictionary<Guid, Bill>();
        foreach (var id in jobs)
        {
            var status = await farm.Farm.GetJobStatusAsync(id, ct);
            var bill = await farm.Farm.GetBillingAsync(BillingQuery.ForJob(id), ct);
            // The job's own figure and its ledger's bill are the same money.
            Assert.Equal(CentRounding.ToCents(status.Cost.Billed), bill.Total);
            Assert.Equal(bill.Total, bill.Attempts.Sum(a => a.Amount));
            Assert.Equal(0m, status.Cost.Running);
            bills[id] = bill;
        }

        var backup = bills[straggling.JobId].Attempts.Where(a => a.Piece.StartsWith("chunk 2", StringComparison.Ordinal)).ToList();
        Assert.Contains(backup, a => a.Piece.Contains("lane 1", StringComparison.Ordinal) && a.Outcome == "completed");
        var slowPrimary = Assert.Single(backup, a => !a.Piece.Contains("lane 1", StringComparison.Ordinal));
        Assert.Equal("stopped", slowPrimary.Outcome);
        Assert.True(slowPrimary.Seconds >= 2, $"the slow primary ran {slowPrimary.Seconds} s");
        Assert.Equal(slowPrimary.Seconds * PricedFarm.SlotPerSecond, slowPrimary.Amount);
        Assert.Contains(bills[cancelled.JobId].Attempts, a => a.Outcome == "stopped");
        Assert.True(bills[cancelled.JobId].Total > 0);

        var expected = jobs.ToDictionary(id => id, id => bills[id].Total);
        var user = await SettledAsync(farm, BillingQuery.ForUser("ana"), expected, ct);
        var project = await SettledAsync(farm, BillingQuery.ForProject("trailer"), expected, ct);
        var ofProject = await SettledAsync(farm, BillingQuery.ForUser("ana") with { Project = "trailer" }, expected, ct);
        var pool = await SettledAsync(farm, BillingQuery.ForPool(RenderFarmNames.DefaultPool), expected, ct);

        foreach (var bill in new[] { user, project, ofProject })
            Assert.Equal(expected.Values.Sum(), bill.Total);
        Assert.Empty((await farm.Farm.GetBillingAsync(BillingQuery.ForUser("ana") with { Project = "other" }, ct)).Jobs);
        Assert.Equal(expected.Values.Sum(), pool.Work);
        Assert.NotNull(pool.Uptime);
        Assert.Equal(2, pool.Uptime.Machines);
        Assert.True(pool.Idle >= 0, $"idle {pool.Idle}: the jobs' work ({pool.Work}) is more than the machines' uptime ({pool.Uptime.Cost})");
        Assert.Equal(pool.Work + pool.Idle, pool.Total);
        Assert.Equal(pool.Uptime.Cost, pool.Total);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Empty((await farm.Farm.GetBillingAsync(BillingQuery.ForUser("ana") with { From = today.AddDays(1) }, ct)).Jobs);
    }

    [Fact]
    public async Task Failed_attempts_are_on_the_bill_of_a_job_that_failed()
    {
        using var prices = new PricedFarm();
        using var ffmpeg = FaultyFfmpeg.AlwaysFails(FaultyFfmpeg.ChunkRange(50, 50));
        await using var farm = await TestFarm.StartAsync(silos: 1, configureSilo: prices.Configure(f =>
        {
            f.RetryBackoff = TimeSpan.FromMilliseconds(200);
            f.MaxFailedAttempts = 2;
        }, ffmpeg));
        var ct = TestContext.Current.CancellationToken;

        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(150), new JobOptions { ChunkCount = 3 }, ct);
        await farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(2));
        var status = await farm.Farm.GetJobStatusAsync(job.JobId, ct);
        var bill = await farm.Farm.GetBillingAsync(BillingQuery.ForJob(job.JobId), ct);

        Assert.Equal(JobState.Failed, status.State);
        var failed = bill.Attempts.Where(a => a.Outcome == "failed").ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, a => Assert.Equal(a.Seconds * PricedFarm.SlotPerSecond, a.Amount));
        Assert.Equal(CentRounding.ToCents(status.Cost.Billed), bill.Total);
    }

    /// <summary>The bill of <paramref name="query"/> once it shows exactly these jobs' amounts.</summary>
    private static Task<Bill> SettledAsync(TestFarm farm, BillingQuery query, IReadOnlyDictionary<Guid, decimal> expected, CancellationToken ct) =>
        BillWaits.UntilAsync(() => farm.Farm.GetBillingAsync(query, ct),
            bill => bill.Jobs.Count == expected.Count && bill.Jobs.All(j => expected.TryGetValue(j.JobId, out var amount) && amount == j.Amount),
            $"the jobs' amounts on the bill of {query.User ?? query.Project ?? query.Pool}");
}
