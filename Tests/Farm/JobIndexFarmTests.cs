using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using RenderFarm.Client;
using RenderFarm.Jobs;

namespace RenderFarm.Tests.Farm;

/// <summary>
/// The job index seen the way a host application sees it, <see cref="IRenderFarm.ListJobsAsync"/>, in
/// each mode: the in-process cluster's shared memory and the one grain of a
/// cluster whose silos share nothing. Jobs are recorded through the silos' own <see cref="IJobIndex"/>,
/// as the job grain records them.
/// </summary>
public sealed class JobIndexFarmTests
{
    [Fact]
    public async Task Every_silo_of_an_in_process_cluster_records_into_one_index_that_the_client_pages_through()
    {
        await using var farm = await TestFarm.StartAsync(silos: 2);
        var indexes = farm.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<IJobIndex>()).ToList();
        Assert.IsType<InMemoryJobIndex>(indexes[0]);
        Assert.Same(indexes[0], indexes[1]);

        var jobs = await JobIndexFarmChecks.RecordFromEverySiloAsync(indexes, count: 120);
        await JobIndexFarmChecks.AssertListedAsync(farm.Farm, jobs);
    }

    [Fact]
    public async Task A_cluster_that_shares_no_memory_keeps_its_index_in_one_grain()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.Services.AddClusterJobIndex());
        await using var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        var indexes = cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<IJobIndex>()).ToList();
        Assert.All(indexes, index => Assert.IsType<ClusterJobIndex>(index));

        var jobs = await JobIndexFarmChecks.RecordFromEverySiloAsync(indexes, count: 120);
        await JobIndexFarmChecks.AssertListedAsync(new RenderFarmClient(cluster.Client, Microsoft.Extensions.Options.Options.Create(new RenderFarmClientOptions())), jobs);
        await cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
    }

}
