using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using RenderFarm.Jobs;
using RenderFarm.Tests.Database;

namespace RenderFarm.Tests.Farm;

/// <summary>Farm mode's job index through <see cref="Client.IRenderFarm.ListJobsAsync"/>: the farm database's table, under the farm's service id.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class JobIndexDurableFarmTests
{
    [Fact]
    public async Task A_durable_farm_keeps_its_index_in_the_database_under_its_service_id()
    {
        await FarmDatabase.EnsureReachableAsync();
        string serviceId;
        List<JobSummary> jobs;
        await using (var farm = await TestFarm.StartAsync(silos: 2, durable: true))
        {
            var indexes = farm.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<IJobIndex>()).ToList();
            Assert.All(indexes, index => Assert.IsType<PostgresJobIndex>(index));
            serviceId = farm.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
            Assert.Equal(serviceId, ((PostgresJobIndex)indexes[0]).ServiceId);
            jobs = await JobIndexFarmChecks.RecordFromEverySiloAsync(indexes, count: 120);
            await JobIndexFarmChecks.AssertListedAsync(farm.Farm, jobs);
        }

        // The farm is gone; its jobs are not.
        await using var afterRestart = new PostgresJobIndex(NpgsqlDataSource.Create(FarmDatabase.ConnectionString), serviceId);
        try
        {
            var page = await afterRestart.ListAsync(new JobQuery { Limit = 500 }, TestContext.Current.CancellationToken);
            Assert.Equal(jobs.Count, page.Jobs.Count);
        }
        finally
        {
            await afterRestart.ClearAsync(TestContext.Current.CancellationToken);
        }
    }
}
