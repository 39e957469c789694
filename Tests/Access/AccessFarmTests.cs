using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Access;
using RenderFarm.Chunks;
using RenderFarm.Client;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Media;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Farm;

namespace RenderFarm.Tests.Access;

/// <summary>Two users and an operator on one farm-mode silo: who may see, change, download and be billed for which job.</summary>
public sealed class AccessFarmTests(AccessFarm farm) : IClassFixture<AccessFarm>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_finds_the_gateways_through_the_database_role_that_reads_nothing_else()
    {
        using var client = farm.Farm.BuildClient(options =>
        {
            options.Database = Database.FarmDatabase.GatewaysConnectionString;
            options.ApiKey = Durable.TestKeys.Alice;
        });
        await client.StartAsync(Ct);
        var alice = client.Services.GetRequiredService<IRenderFarm>();

        Assert.Equal(JobState.Completed, (await alice.GetJobStatusAsync(farm.AliceJob.JobId, Ct)).State);
        await client.StopAsync(Ct);
    }

    [Fact]
    public async Task A_user_is_refused_every_call_on_another_users_job_by_name_and_the_refusal_is_logged()
    {
        var job = farm.AliceJob.JobId;
        var target = $"job {job:N}";
        using var folder = new Support.TestDirectory("access");

        var refusals = new (string Action, Func<Task> Call)[]
        {
            ("read the status of", () => farm.Bob.GetJobStatusAsync(job, Ct)),
            ("cancel", () => farm.Bob.CancelJobAsync(job, Ct)),
            ("pause", () => farm.Bob.PauseJobAsync(job, cancellationToken: Ct)),
            ("resume", () => farm.Bob.ResumeJobAsync(job, Ct)),
            ("change the budget of", () => farm.Bob.SetJobMaxCostAsync(job, 1m, Ct)),
            ("change the priority of", () => farm.Bob.SetJobPriorityAsync(job, new PriorityChange { Priority = JobPriority.Urgent }, Ct)),
            ("read the bill of", () => farm.Bob.GetBillingAsync(BillingQuery.ForJob(job), Ct)),
            // The client's download reads the status first; the output's bytes are refused on their own too.
            ("read the status of", () => farm.Bob.DownloadOutputAsync(job, folder.File("stolen.mp4"), cancellationToken: Ct)),
            ("download the output of", () => farm.BobCluster.GetGrain<IMediaCatalogGrain>(0).ReadOutputAsync(job, 0, 1024)),
            ("watch", async () => { await foreach (var _ in farm.Bob.WatchJobAsync(job, Ct)) break; }),
            ("read the thumbnail of", () => farm.Bob.GetThumbnailAsync(job, Ct)),
            ("read the attempt logs of", () => farm.Bob.GetAttemptLogAsync(job, WorkKey.ForChunk(job, 0), 1, cancellationToken: Ct)),
        };
        foreach (var (action, call) in refusals)
        {
            var refusal = await Assert.ThrowsAsync<AccessDeniedException>(call);
            Assert.Equal(("bob (user)", target, "it is another user's job"), (refusal.User, refusal.Target, refusal.Reason));
            Assert.True(action == refusal.Action, $"{action}: refused as '{refusal.Action}'");
        }
        Assert.False(File.Exists(folder.File("stolen.mp4")));
        Assert.Equal(JobState.Completed, (await farm.Alice.GetJobStatusAsync(job, Ct)).State);

        var logged = await farm.LogLineAsync($"Refused: bob (user) may not cancel {target}: it is another user's job");
        Assert.DoesNotContain(TestKeysText(), logged);
    }

    [Fact]
    public async Task A_user_lists_sees_downloads_and_is_billed_for_their_own_jobs_only()
    {
        var ct = Ct;
        using var folder = new Support.TestDirectory("access");

        var alicesList = await farm.Alice.ListJobsAsync(new JobQuery(), ct);
        var bobsList = await farm.Bob.ListJobsAsync(new JobQuery(), ct);
        var listOther = await Assert.ThrowsAsync<AccessDeniedException>(() => farm.Bob.ListJobsAsync(new JobQuery { Submitter = "alice" }, ct));
        var output = await farm.Alice.DownloadOutputAsync(farm.AliceJob.JobId, folder.File("mine.mp4"), cancellationToken: ct);
        var ownBill = await farm.Bob.GetBillingAsync(BillingQuery.ForUser("bob"), ct);
        var projectBill = await farm.Alice.GetBillingAsync(BillingQuery.ForProject(Durable.TestKeys.AliceProject), ct);
        var othersBill = await Assert.ThrowsAsync<AccessDeniedException>(() => farm.Bob.GetBillingAsync(BillingQuery.ForUser("alice"), ct));
        var othersProject = await Assert.ThrowsAsync<AccessDeniedException>(() => farm.Bob.GetBillingAsync(BillingQuery.ForProject(Durable.TestKeys.AliceProject), ct));

        // Other tests of the class may have added jobs of alice's by now, never of bob's.
        Assert.Contains(farm.AliceJob.JobId, alicesList.Jobs.Select(j => j.JobId));
        Assert.All(alicesList.Jobs, j => Assert.Equal("alice", j.Submitter));
        Assert.Equal([farm.BobJob.JobId], bobsList.Jobs.Select(j => j.JobId));
        Assert.Equal(("the jobs of alice", "list"), (listOther.Target, listOther.Action));
        Assert.Equal(output.Bytes, new FileInfo(folder.File("mine.mp4")).Length);
        Assert.Equal([farm.BobJob.JobId], ownBill.Jobs.Select(j => j.JobId));
        Assert.Equal([farm.AliceJob.JobId], projectBill.Jobs.Select(j => j.JobId));
        Assert.Equal(("bob (user)", "account user/alice"), (othersBill.User, othersBill.Target));
        Assert.Equal("account project/trailer", othersProject.Target);
    }

    [Fact]
    public async Task The_submitter_is_the_user_of_the_key_and_a_claim_of_another_is_refused()
    {
        var ct = Ct;
        var claim = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            farm.Alice.SubmitJobAsync(FarmTimelines.Small(10), new JobOptions { Submitter = "bob", ChunkCount = 1 }, ct));
        var otherProject = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            farm.Bob.SubmitJobAsync(FarmTimelines.Small(10), new JobOptions { Project = Durable.TestKeys.AliceProject, ChunkCount = 1 }, ct));
        var estimate = await farm.Alice.EstimateCostAsync(FarmTimelines.Small(10), new JobOptions { ChunkCount = 1 }, ct);

        Assert.Equal(("alice", "bob"), (farm.AliceJob.Submitter, farm.BobJob.Submitter));
        Assert.Equal(Durable.TestKeys.AliceProject, farm.AliceJob.Project);
        Assert.Equal(("alice (user)", "submit", "a job as bob"), (claim.User, claim.Action, claim.Target));
        Assert.Equal(("bob (user)", "a job for project trailer", "they bill to the default project only"), (otherProject.User, otherProject.Target, otherProject.Reason));
        Assert.Equal(1, estimate.Chunks);
    }

    [Fact]
    public async Task The_operator_sees_every_job_and_bill_and_alone_pauses_the_pool_scales_and_purges()
    {
        var ct = Ct;
        var listed = await farm.Operator.ListJobsAsync(new JobQuery(), ct);
        var bobsStatus = await farm.Operator.GetJobStatusAsync(farm.BobJob.JobId, ct);
        var alicesBill = await farm.Operator.GetBillingAsync(BillingQuery.ForUser("alice"), ct);
        var poolBill = await farm.Operator.GetBillingAsync(BillingQuery.ForPool(RenderFarmNames.DefaultPool), ct);
        await farm.Operator.PausePoolAsync(ct);
        await farm.Operator.ResumePoolAsync(ct);
        // Past the access rule, the farm itself answers: this pool has no autoscaler.
        await Assert.ThrowsAsync<InvalidOperationException>(() => farm.Operator.ScaleClusterAsync(2, ct));

        var userCalls = new (string Action, Func<Task> Call)[]
        {
            ("pause", () => farm.Alice.PausePoolAsync(ct)),
            ("resume", () => farm.Alice.ResumePoolAsync(ct)),
            ("scale", () => farm.Alice.ScaleClusterAsync(2, ct)),
            ("purge", () => farm.Alice.PurgeMediaAsync(new PurgeRequest { DryRun = true }, ct)),
            ("read the bill of", () => farm.Alice.GetBillingAsync(BillingQuery.ForPool(RenderFarmNames.DefaultPool), ct)),
        };
        foreach (var (action, call) in userCalls)
        {
            var refusal = await Assert.ThrowsAsync<AccessDeniedException>(call);
            Assert.Equal(("alice (user)", action), (refusal.User, refusal.Action));
        }

        // Other tests of the class may have added jobs of alice's by now.
        var both = new HashSet<Guid> { farm.AliceJob.JobId, farm.BobJob.JobId };
        Assert.Superset(both, listed.Jobs.Select(j => j.JobId).ToHashSet());
        Assert.Equal("bob", bobsStatus.Submitter);
        Assert.Contains(farm.AliceJob.JobId, alicesBill.Jobs.Select(j => j.JobId));
        Assert.DoesNotContain(farm.BobJob.JobId, alicesBill.Jobs.Select(j => j.JobId));
        Assert.Superset(both, poolBill.Jobs.Select(j => j.JobId).ToHashSet());
        // A user still reads the pool's machines and queue.
        Assert.NotEmpty((await farm.Alice.GetClusterStatusAsync(ct)).Nodes);
    }

    [Fact]
    public async Task A_key_names_its_user_a_job_s_timeline_is_its_owner_s_and_only_operators_follow_a_pool_s_job_activity()
    {
        var ct = Ct;
        Assert.Equal(("alice", CallerRole.User), ((await farm.Alice.GetCallerAsync(ct)).User, (await farm.Alice.GetCallerAsync(ct)).Role));
        Assert.True((await farm.Operator.GetCallerAsync(ct)).IsOperator);
        using (FarmCaller.ActAs(Durable.TestKeys.Bob))
            Assert.Equal("bob", (await farm.Operator.GetCallerAsync(ct)).User);

        Assert.Equal(farm.AliceJob.TotalFrames, (await farm.Alice.GetJobSubmissionAsync(farm.AliceJob.JobId, ct)).Timeline.Output.DurationFrames);
        var timeline = await Assert.ThrowsAsync<AccessDeniedException>(() => farm.Bob.GetJobSubmissionAsync(farm.AliceJob.JobId, ct));
        Assert.Equal("read the timeline of", timeline.Action);

        var activity = await Assert.ThrowsAsync<AccessDeniedException>(async () => { await foreach (var _ in farm.Bob.WatchPoolJobsAsync(ct)) break; });
        Assert.Equal(("watch", "it is for operators"), (activity.Action, activity.Reason));
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var seen = Task.Run(async () =>
        {
            await foreach (var job in farm.Operator.WatchPoolJobsAsync(watching.Token))
                return job;
            return null;
        }, ct);
        // The stream carries what is published after the subscription: a job submitted until one is heard of.
        JobSummary? heard = null;
        for (var i = 0; i < 20 && heard is null; i++)
        {
            await farm.Alice.SubmitJobAsync(FarmTimelines.Small(5, "heard"), new JobOptions { ChunkCount = 1, Name = "heard" }, ct);
            if (await Task.WhenAny(seen, Task.Delay(TimeSpan.FromSeconds(2), ct)) == seen)
                heard = await seen;
        }
        await watching.CancelAsync();
        Assert.Equal(("alice", "heard"), (heard?.Submitter, heard?.Name));
    }

    [Fact]
    public async Task A_missing_or_unknown_key_is_refused_by_name()
    {
        var ct = Ct;
        var keyless = (await farm.ClientAsync(null)).Services.GetRequiredService<IRenderFarm>();
        var stranger = (await farm.ClientAsync(ApiKeys.New())).Services.GetRequiredService<IRenderFarm>();

        var none = await Assert.ThrowsAsync<AccessDeniedException>(() => keyless.GetJobStatusAsync(farm.AliceJob.JobId, ct));
        var unknown = await Assert.ThrowsAsync<AccessDeniedException>(() => stranger.ListJobsAsync(new JobQuery(), ct));

        Assert.Equal((AccessDeniedException.UnknownUser, "the call carries no API key"), (none.User, none.Reason));
        Assert.Equal((AccessDeniedException.UnknownUser, "the API key is not one of the farm's", "list"), (unknown.User, unknown.Reason, unknown.Action));
        await farm.LogLineAsync($"Refused: {AccessDeniedException.UnknownUser} may not list");
    }

    [Fact]
    public async Task A_key_added_to_the_keys_file_lets_its_user_in_and_once_revoked_is_refused_without_a_restart()
    {
        var ct = Ct;
        var carolKey = ApiKeys.New();
        var carol = (await farm.ClientAsync(carolKey)).Services.GetRequiredService<IRenderFarm>();
        var before = File.ReadAllLines(farm.KeysFile);
        Assert.Equal("the API key is not one of the farm's", (await Assert.ThrowsAsync<AccessDeniedException>(() => carol.GetCallerAsync(ct))).Reason);

        await File.WriteAllLinesAsync(farm.KeysFile, [.. before, ApiKeys.KeysFileLine("carol", CallerRole.User, carolKey, [])], ct);
        var admitted = await Eventually.UntilAsync(() => CallerOrRefusalAsync(carol), r => r.User == "carol", KeysFileSeen, "carol let in");
        Assert.Equal(CallerRole.User, admitted.Caller!.Role);
        Assert.Empty((await carol.ListJobsAsync(new JobQuery(), ct)).Jobs);
        await farm.LogLineAsync("read again: 4 user(s), 1 of them operator(s)");

        await File.WriteAllLinesAsync(farm.KeysFile, before, ct);
        var revoked = await Eventually.UntilAsync(() => CallerOrRefusalAsync(carol), r => r.Refusal is not null, KeysFileSeen, "carol refused again");
        Assert.Equal("the API key is not one of the farm's", revoked.Refusal!.Reason);
        Assert.Equal("alice", (await farm.Alice.GetCallerAsync(ct)).User);
    }

    private static readonly TimeSpan KeysFileSeen = TimeSpan.FromSeconds(30);

    private static async Task<(string? User, CallerIdentity? Caller, AccessDeniedException? Refusal)> CallerOrRefusalAsync(IRenderFarm client)
    {
        try
        {
            var caller = await client.GetCallerAsync(TestContext.Current.CancellationToken);
            return (caller.User, caller, null);
        }
        catch (AccessDeniedException e)
        {
            return (null, null, e);
        }
    }

    [Fact]
    public async Task A_client_cannot_call_the_farms_internal_grains()
    {
        var chunk = farm.AliceCluster.GetGrain<IRenderChunkGrain>($"{farm.AliceJob.JobId:N}/0");
        var job = farm.AliceCluster.GetGrain<IRenderJobGrain>(farm.AliceJob.JobId);
        var scheduler = farm.AliceCluster.GetGrain<ISchedulerGrain>(RenderFarmNames.DefaultPool);

        var stop = await Assert.ThrowsAsync<AccessDeniedException>(() => chunk.StopAsync(1));
        var view = await Assert.ThrowsAsync<AccessDeniedException>(() => job.GetSchedulingViewAsync());
        var withdraw = await Assert.ThrowsAsync<AccessDeniedException>(() => scheduler.WithdrawAsync(farm.BobJob.JobId));

        Assert.Equal(("alice (user)", "only the farm's own grains make this call"), (stop.User, stop.Reason));
        Assert.Equal("call IRenderChunkGrain.StopAsync of", stop.Action);
        Assert.Equal("call IRenderJobGrain.GetSchedulingViewAsync of", view.Action);
        Assert.Equal("call ISchedulerGrain.WithdrawAsync of", withdraw.Action);
    }

    private static string TestKeysText() => Durable.TestKeys.Bob;
}
