using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using RenderFarm.Client;
using RenderFarm.Hosting;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Storage;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Farm;

/// <summary>
/// An in-process cluster of render silos sharing one media store and one in-process state store,
/// with a client. Each test builds its own, sized for what it checks.
/// </summary>
public sealed class TestFarm : IAsyncDisposable
{
    private readonly TestDirectory directory = new("farm");

    private readonly bool ownsRoot;

    private TestFarm(InProcessTestCluster cluster, string storeRoot, bool ownsRoot)
    {
        Cluster = cluster;
        StoreRoot = storeRoot;
        this.ownsRoot = ownsRoot;
        Farm = new RenderFarmClient(cluster.Client, Options.Create(new RenderFarmClientOptions { WatchPollInterval = TimeSpan.FromSeconds(1) }));
    }

    public InProcessTestCluster Cluster { get; }
    public IRenderFarm Farm { get; }
    public string StoreRoot { get; }

    /// <param name="durable">Grain state and reminders in the farm's PostgreSQL database instead of this process's memory.</param>
    /// <param name="serviceId">The farm's service id: a durable farm started again with the same one (and <paramref name="root"/>) finds its state.</param>
    /// <param name="root">The farm's media store and work folders, kept when the farm stops; by default its own, deleted.</param>
    public static async Task<TestFarm> StartAsync(int silos, int slotsPerSilo = 1, Action<IServiceCollection>? configureSilo = null, bool durable = false,
        string? serviceId = null, string? root = null)
    {
        await SampleMedia.EnsureAsync();
        var state = new InProcessStateStore();
        var ownsRoot = root is null;
        root ??= Path.Combine(Path.GetTempPath(), "renderfarm-tests", $"farm-{Guid.NewGuid():N}");
        var builder = new InProcessTestClusterBuilder((short)silos);
        // Rows in the farm database are keyed by service id: each test farm gets its own.
        builder.Options.ServiceId = serviceId ?? $"test-{Guid.NewGuid():N}";
        builder.ConfigureSilo((options, silo) =>
        {
            silo.AddRenderFarm();
            if (durable)
                silo.UseRenderFarmDatabaseState(FarmDatabase.ConnectionString);
            else
                silo.UseInProcessStorage(state);
            silo.Services.Configure<RenderNodeOptions>(node =>
            {
                node.RenderSlots = slotsPerSilo;
                node.MeasureBenchmarkAtStart = false;
                node.LoadReportPeriod = TimeSpan.FromMilliseconds(200);
                node.WorkDirectory = Path.Combine(root, "work", options.SiloName);
            });
            silo.Services.Configure<MediaStoreOptions>(store =>
            {
                store.Root = Path.Combine(root, "store");
                store.AssetsRoot = SampleMedia.Root;
            });
            silo.Services.AddLogging(logging => logging.AddFilter("RenderFarm", LogLevel.Debug));
            configureSilo?.Invoke(silo.Services);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(RenderFarmNames.Streams));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var farm = new TestFarm(cluster, root, ownsRoot);
        await farm.WaitForNodesAsync(silos);
        return farm;
    }

    /// <summary>Waits until the scheduler knows <paramref name="count"/> nodes.</summary>
    public async Task WaitForNodesAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await Farm.GetClusterStatusAsync(timeout.Token)).Scheduler.Nodes.Count != count)
            await Task.Delay(100, timeout.Token);
    }

    /// <summary>Follows a job's progress to its end, collecting every update.</summary>
    public async Task<IReadOnlyList<JobProgress>> WatchToEndAsync(Guid jobId, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        var updates = new List<JobProgress>();
        try
        {
            await foreach (var update in Farm.WatchJobAsync(jobId, limit.Token))
                updates.Add(update);
        }
        catch (OperationCanceledException)
        {
            var last = updates.LastOrDefault();
            throw new TimeoutException($"job {jobId} did not finish within {timeout}; last update: {last}");
        }
        return updates;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        if (ownsRoot && Directory.Exists(StoreRoot))
            Directory.Delete(StoreRoot, recursive: true);
        directory.Dispose();
    }
}
