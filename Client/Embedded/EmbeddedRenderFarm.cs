using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Hosting;
using RenderFarm.Nodes;
using RenderFarm.Storage;

namespace RenderFarm.Client;

/// <summary>Settings of a farm run inside the calling process.</summary>
public sealed class EmbeddedFarmOptions
{
    /// <summary>The most render slots a node may have.</summary>
    public const int MaxRenderSlots = RenderSlotRule.MaxSlots;

    /// <summary>This machine's render slots, from its cores (<see cref="RenderSlotRule"/>).</summary>
    public static int MachineRenderSlots => RenderSlotRule.ThisMachine.Slots;

    /// <summary>Folder timeline asset paths are relative to.</summary>
    public required string AssetsRoot { get; init; }

    /// <summary>Where chunks and outputs are kept while the farm runs.</summary>
    public string StoreRoot { get; init; } = Path.Combine(Path.GetTempPath(), "renderfarm-embedded");

    /// <summary>Render slots of the in-process node; the machine's by default.</summary>
    public int RenderSlots { get; init; } = MachineRenderSlots;

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Last say over the silo's services (a benchmark swaps the renderer, say).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>A loopback port on which other clients (a web dashboard) may connect to this farm; 0 for none.</summary>
    public int GatewayPort { get; init; }
}

/// <summary>
/// A one-silo farm inside this process (localhost clustering, in-memory state): no server needed.
/// The same grains, scheduler and render worker run as on a farm of many machines.
/// </summary>
public sealed class EmbeddedRenderFarm : IAsyncDisposable
{
    private readonly IHost host;

    private EmbeddedRenderFarm(IHost host)
    {
        this.host = host;
        Farm = new RenderFarmClient(host.Services.GetRequiredService<IClusterClient>(), Options.Create(new RenderFarmClientOptions()));
    }

    public IRenderFarm Farm { get; }

    public static async Task<EmbeddedRenderFarm> StartAsync(EmbeddedFarmOptions options, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.UseOrleans(silo =>
        {
            // Orleans needs a real silo port; gateway port 0 turns the gateway off (this process is its own client).
            silo.UseLocalhostClustering(siloPort: FreeLoopbackPort(), gatewayPort: options.GatewayPort);
            silo.AddRenderFarm();
            silo.UseInProcessStorage(new InProcessStateStore());
            silo.Services.Configure<RenderNodeOptions>(node =>
            {
                node.RenderSlots = options.RenderSlots;
                node.MeasureBenchmarkAtStart = false;
                node.WorkDirectory = Path.Combine(options.StoreRoot, "work");
            });
            silo.Services.Configure<MediaStoreOptions>(store =>
            {
                store.Root = options.StoreRoot;
                store.AssetsRoot = options.AssetsRoot;
            });
            options.ConfigureServices?.Invoke(silo.Services);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EmbeddedRenderFarm(host);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
