using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Nodes;

namespace RenderFarm.Tests.Farm;

/// <summary>One farm of one node for the tests that watch a job as it renders: a still about every 300 ms.</summary>
public sealed class WatchingFarmFixture : IAsyncLifetime
{
    public static readonly TimeSpan StillEvery = TimeSpan.FromMilliseconds(300);

    public TestFarm Farm { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Farm = await TestFarm.StartAsync(silos: 1, configureSilo: services =>
            services.Configure<RenderNodeOptions>(node => node.Thumbnails.Every = StillEvery));

    public async ValueTask DisposeAsync() => await Farm.DisposeAsync();
}
