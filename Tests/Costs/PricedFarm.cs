using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Costs;

/// <summary>
/// Test farms whose machines cost 3600 per hour (one per second), so that renders of a few seconds
/// give bills of whole amounts: a slot of a one-slot node (with its assembly slot) costs 0.50 a second.
/// </summary>
internal sealed class PricedFarm : IDisposable
{
    public const string Instance = "local/test/studio/on-demand";
    public const decimal SlotPerSecond = 0.5m;

    private readonly TestDirectory directory = new("priced-farm");

    public PricedFarm()
    {
        File.WriteAllText(Catalogue, """
            { "instances": [
              { "provider": "local", "region": "test", "instanceType": "studio", "cores": 2, "memoryGiB": 4,
                "billing": { "incrementSeconds": 1, "minimumSeconds": 60 }, "prices": { "on-demand": 3600 } }
            ] }
            """);
    }

    public string Catalogue => directory.File("prices.json");

    public Action<IServiceCollection> Configure(Action<FailoverOptions>? failover = null, FaultyFfmpeg? ffmpeg = null) => services =>
    {
        services.Configure<CostOptions>(costs =>
        {
            costs.CatalogueFile = Catalogue;
            costs.Instance = Instance;
        });
        if (failover is not null)
            services.Configure(failover);
        if (ffmpeg is not null)
            services.Configure<RenderEngineOptions>(engine => engine.FfmpegFolder = ffmpeg.Folder);
    };

    public void Dispose() => directory.Dispose();
}
