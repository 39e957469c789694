using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RenderFarm.Client;
using RenderFarm.Jobs;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Farm;

/// <summary>Who pays for a job, as a host application sees it: the project it names, or its client's, or the farm's default, in the status and the listing.</summary>
public sealed class FarmJobProjectTests
{
    [Fact]
    public async Task A_job_carries_its_project_from_submit_to_its_status_and_the_listing()
    {
        await using var farm = await TestFarm.StartAsync(silos: 1);
        var ct = TestContext.Current.CancellationToken;
        // Held in the queue of a paused pool: nothing needs rendering to be listed.
        await farm.Farm.PausePoolAsync(ct);
        var acme = Client(farm, new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["RenderFarm:Project"] = "acme", ["RenderFarm:Submitter"] = "ana" })
            .Build());
        var noProject = Client(farm, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["RenderFarm:Submitter"] = "ben" }).Build());

        var ofClient = await acme.SubmitJobAsync(FarmTimelines.Small(50, "of the client's project"), new JobOptions { ChunkCount = 1 }, ct);
        var named = await acme.SubmitJobAsync(FarmTimelines.Small(50, "of a project named"), new JobOptions { ChunkCount = 1, Project = "studio-b" }, ct);
        var ofFarm = await noProject.SubmitJobAsync(FarmTimelines.Small(50, "of no project"), new JobOptions { ChunkCount = 1 }, ct);

        Assert.Equal(("acme", "studio-b", JobOptionsRules.DefaultProject), (ofClient.Project, named.Project, ofFarm.Project));
        foreach (var job in new[] { ofClient, named, ofFarm })
            Assert.Equal(job.Project, (await FarmWaits.UntilAsync(farm, job.JobId, s => s.State == JobState.Queued, "the job to be queued")).Project);

        var all = (await farm.Farm.ListJobsAsync(new JobQuery(), ct)).Jobs;
        Assert.Equal([(ofFarm.JobId, "default"), (named.JobId, "studio-b"), (ofClient.JobId, "acme")], all.Select(j => (j.JobId, j.Project)));
        Assert.Equal([ofClient.JobId], (await farm.Farm.ListJobsAsync(new JobQuery { Project = "acme" }, ct)).Jobs.Select(j => j.JobId));
        Assert.Equal([named.JobId], (await farm.Farm.ListJobsAsync(new JobQuery { Project = "studio-b", Submitter = "ana", States = [JobState.Queued] }, ct)).Jobs.Select(j => j.JobId));
        Assert.Empty((await farm.Farm.ListJobsAsync(new JobQuery { Project = "studio-b", Submitter = "ben" }, ct)).Jobs);
    }

    [Fact]
    public async Task A_project_that_breaks_the_rules_is_refused_at_submit_naming_the_field()
    {
        await using var farm = await TestFarm.StartAsync(silos: 1);

        var error = await Assert.ThrowsAsync<TimelineValidationException>(() =>
            farm.Farm.SubmitJobAsync(FarmTimelines.Small(50), new JobOptions { ChunkCount = 1, Project = "spring campaign" }, TestContext.Current.CancellationToken));

        var refusal = Assert.Single(error.Errors);
        Assert.Equal("options.project", refusal.Field);
        Assert.Empty((await farm.Farm.ListJobsAsync(new JobQuery(), TestContext.Current.CancellationToken)).Jobs);
    }

    /// <summary>A client of the test farm set up as a host application sets one up, from its configuration.</summary>
    private static RenderFarmClient Client(TestFarm farm, IConfiguration configuration)
    {
        using var services = new ServiceCollection().AddRenderFarmClient(configuration: configuration).BuildServiceProvider();
        return new RenderFarmClient(farm.Cluster.Client, Options.Create(services.GetRequiredService<IOptions<RenderFarmClientOptions>>().Value));
    }
}
