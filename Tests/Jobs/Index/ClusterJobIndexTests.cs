using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using RenderFarm.Jobs;

namespace RenderFarm.Tests.Jobs.Index;

/// <summary>
/// The job index of a cluster whose silos share nothing (one grain) against the shared contract, so that
/// every summary and query also crosses the wire. Each test has a one-silo cluster of its own.
/// </summary>
public sealed class ClusterJobIndexTests : JobIndexContract, IAsyncLifetime
{
    private InProcessTestCluster? cluster;

    protected override IJobIndex Index => cluster!.Silos[0].ServiceProvider.GetRequiredService<IJobIndex>();

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.Services.AddClusterJobIndex());
        cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        Assert.IsType<ClusterJobIndex>(Index);
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is null)
            return;
        await cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
        await cluster.DisposeAsync();
    }
}
