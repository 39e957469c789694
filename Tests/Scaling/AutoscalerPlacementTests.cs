using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using RenderFarm.Scaling;

namespace RenderFarm.Tests.Scaling;

/// <summary>
/// A grain placed like a pool's autoscaler lands on a silo that scales its pool, never on one that
/// does not (a launched machine's silo); where no silo scales the pool, on any.
/// </summary>
public sealed class AutoscalerPlacementTests : IAsyncLifetime
{
    private const string ScalingSilo = "Silo_0";
    private static readonly string[] Pools = Enumerable.Range(0, 12).Select(i => $"pool-{i}").ToArray();
    private InProcessTestCluster? cluster;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((options, silo) =>
        {
            // Only the first silo scales the pools, as a farm's own silo does and a launched machine's does not.
            var settings = new Dictionary<string, string?>();
            if (options.SiloName == ScalingSilo)
            {
                settings["Autoscaler:Enabled"] = "true";
                foreach (var (pool, index) in Pools.Select((p, i) => (p, i)))
                    settings[$"Autoscaler:Pools:{index}"] = pool;
            }
            silo.AddAutoscalerPlacement(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        });
        cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Grains_of_scaled_pools_are_placed_on_the_silo_that_scales_them_and_others_anywhere()
    {
        var scaling = cluster!.Silos.Single(s => s.SiloAddress.Equals(SiloOf(ScalingSilo))).SiloAddress;
        var placed = new List<SiloAddress>();
        foreach (var pool in Pools)
            placed.Add(await cluster.Client.GetGrain<IPlacedLikeAutoscalerGrain>(pool).GetSiloAsync());
        Assert.All(placed, silo => Assert.Equal(scaling, silo));

        var elsewhere = new HashSet<SiloAddress>();
        for (var i = 0; i < 40 && elsewhere.Count < 2; i++)
            elsewhere.Add(await cluster.Client.GetGrain<IPlacedLikeAutoscalerGrain>($"unscaled-{i}").GetSiloAsync());
        Assert.Equal(2, elsewhere.Count);
    }

    private SiloAddress SiloOf(string name) =>
        cluster!.Silos.Single(s => s.Name == name).SiloAddress;

    public async ValueTask DisposeAsync()
    {
        if (cluster is null)
            return;
        await cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
        await cluster.DisposeAsync();
    }
}

public interface IPlacedLikeAutoscalerGrain : IGrainWithStringKey
{
    Task<SiloAddress> GetSiloAsync();
}

[ScalingSilosOnly]
public sealed class PlacedLikeAutoscalerGrain(ILocalSiloDetails silo) : Grain, IPlacedLikeAutoscalerGrain
{
    public Task<SiloAddress> GetSiloAsync() => Task.FromResult(silo.SiloAddress);
}
