using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Costs;

/// <summary>Ledgers in the farm database: a whole-farm restart in the middle of a job loses nothing and bills nothing twice.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class LedgerRestartTests
{
    [Fact]
    public async Task A_job_interrupted_by_a_whole_farm_restart_is_billed_each_attempt_once_and_its_accounts_agree()
    {
        await FarmDatabase.EnsureReachableAsync();
        using var prices = new PricedFarm();
        using var folder = new TestDirectory("ledger-restart");
        var serviceId = $"test-{Guid.NewGuid():N}";
        var ct = TestContext.Current.CancellationToken;
        Task<TestFarm> StartAsync() => TestFarm.StartAsync(silos: 1, durable: true, serviceId: serviceId, root: folder.Path, configureSilo: prices.Configure());

        Guid jobId;
        Bill before;
        await using (var farm = await StartAsync())
        {
            var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Slow(120), new JobOptions { ChunkCount = 4, Submitter = "ben" }, cancellationToken: ct);
            jobId = job.JobId;
            await FarmWaits.UntilAsync(farm, jobId, s => s.ChunksDone >= 1, "a chunk done", TimeSpan.FromMinutes(2));
            before = await BillWaits.UntilAsync(() => farm.Farm.GetBillingAsync(BillingQuery.ForJob(jobId), ct), b => b.Attempts.Any(a => a.Outcome == "completed"), "the first chunk billed");
        }

        await using var restarted = await StartAsync();
        await restarted.WatchToEndAsync(jobId, TimeSpan.FromMinutes(3));
        var status = await restarted.Farm.GetJobStatusAsync(jobId, ct);
        var after = await restarted.Farm.GetBillingAsync(BillingQuery.ForJob(jobId), ct);

        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");
        foreach (var attempt in before.Attempts)
            Assert.Contains(after.Attempts, a => a.Piece == attempt.Piece && a.Attempt == attempt.Attempt && a.Seconds == attempt.Seconds);
        Assert.Equal(after.Attempts.Count, after.Attempts.DistinctBy(a => (a.Piece, a.Attempt)).Count());
        Assert.Equal(CentRounding.ToCents(status.Cost.Billed), after.Total);
        var user = await BillWaits.UntilAsync(() => restarted.Farm.GetBillingAsync(BillingQuery.ForUser("ben"), ct), b => b.Total == after.Total, "the user's account to take the job's last charge");
        var pool = await BillWaits.UntilAsync(() => restarted.Farm.GetBillingAsync(BillingQuery.ForPool(RenderFarmNames.DefaultPool), ct), b => b.Work == after.Total, "the pool's account to take the job's last charge");
        Assert.Equal(after.Total, Assert.Single(user.Jobs).Amount);
        Assert.Equal(2, pool.Uptime!.Machines);
        Assert.Equal(pool.Work + pool.Idle, pool.Total);
    }
}
