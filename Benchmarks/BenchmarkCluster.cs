using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using RenderFarm.Client;
using RenderFarm.Hosting;
using RenderFarm.Nodes;
using RenderFarm.Scheduling;
using RenderFarm.Storage;

namespace RenderFarm.Benchmarks;

/// <summary>What a <see cref="BenchmarkCluster"/> is made of.</summary>
internal sealed record BenchmarkClusterOptions
{
    public required int Silos { get; init; }

    public required int SlotsPerSilo { get; init; }

    /// <summary>Farm mode on this PostgreSQL database (membership, state, reminders, job index); in-process memory when null.</summary>
    public string? Database { get; init; }

    public required string StoreRoot { get; init; }

    /// <summary>Swaps the renderer of every silo.</summary>
    public required Action<IServiceCollection> ConfigureServices { get; init; }

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;
}

/// <summary>
/// Several silos in this process, each a render node (<c>node-1</c>, <c>node-2</c>, …) with a port of
/// its own. With a database, they are a farm on PostgreSQL under a service and cluster id of their own,
/// so that the rows of one run never mix with another's (and are deleted at the end); without, they
/// share localhost clustering and one in-process state store. The client is the first silo's.
/// </summary>
internal sealed class BenchmarkCluster : IAsyncDisposable
{
    private static readonly TimeSpan NodesReadyTimeout = TimeSpan.FromMinutes(2);

    private readonly List<IHost> hosts;
    private readonly string? database;
    private readonly string serviceId;

    private BenchmarkCluster(List<IHost> hosts, string? database, string serviceId, bool started = true)
    {
        this.hosts = hosts;
        this.database = database;
        this.serviceId = serviceId;
        if (!started)
            return;
        Client = hosts[0].Services.GetRequiredService<IClusterClient>();
        Farm = new RenderFarmClient(Client, Options.Create(new RenderFarmClientOptions()));
    }

    public IClusterClient Client { get; } = null!;

    public IRenderFarm Farm { get; } = null!;

    public ISchedulerGrain Scheduler => Client.GetGrain<ISchedulerGrain>(RenderFarmNames.DefaultPool);

    public static async Task<BenchmarkCluster> StartAsync(BenchmarkClusterOptions options, CancellationToken cancellationToken)
    {
        var serviceId = $"bench-{Guid.NewGuid():N}"[..20];
        var ports = Enumerable.Range(0, options.Silos).Select(_ => FreeLoopbackPort()).ToList();
        var state = new InProcessStateStore();
        var hosts = new List<IHost>();
        try
        {
            // The first silo is the primary of localhost clustering: it starts alone, the others join it together.
            hosts.Add(Build(options, 0, ports, serviceId, state));
            await hosts[0].StartAsync(cancellationToken);
            var others = Enumerable.Range(1, options.Silos - 1).Select(i => Build(options, i, ports, serviceId, state)).ToList();
            hosts.AddRange(others);
            await Task.WhenAll(others.Select(h => h.StartAsync(cancellationToken)));
        }
        catch
        {
            await new BenchmarkCluster(hosts, options.Database, serviceId, started: false).DisposeAsync();
            throw;
        }
        var cluster = new BenchmarkCluster(hosts, options.Database, serviceId);
        try
        {
            await cluster.WaitForNodesAsync(options.Silos, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static IHost Build(BenchmarkClusterOptions options, int index, List<int> ports, string serviceId, InProcessStateStore state)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        // Stream queues moving between silos as they start and stop log harmless errors (README.md).
        builder.Logging.AddFilter("Orleans.Providers.MemoryAdapterReceiver", LogLevel.None);
        builder.Logging.AddFilter("Orleans.Streams", LogLevel.None);
        builder.UseOrleans(silo =>
        {
            if (options.Database is { } database)
            {
                // Gateway port 0: no gateway, the benchmark is its own client.
                silo.ConfigureEndpoints(IPAddress.Loopback, ports[index], gatewayPort: 0);
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ServiceId = serviceId;
                    cluster.ClusterId = serviceId;
                });
                silo.UseRenderFarmDatabase(database);
            }
            else
            {
                silo.UseLocalhostClustering(ports[index], gatewayPort: 0, new IPEndPoint(IPAddress.Loopback, ports[0]), serviceId, serviceId);
                silo.UseInProcessStorage(state);
            }
            silo.AddRenderFarm();
            silo.Services.Configure<RenderNodeOptions>(node =>
            {
                node.NodeId = $"node-{index + 1}";
                node.RenderSlots = options.SlotsPerSilo;
                node.MeasureBenchmarkAtStart = false;
                node.WorkDirectory = Path.Combine(options.StoreRoot, $"work-{index + 1}");
            });
            silo.Services.Configure<MediaStoreOptions>(store =>
            {
                store.Root = options.StoreRoot;
                store.AssetsRoot = options.StoreRoot;
            });
            options.ConfigureServices(silo.Services);
        });
        return builder.Build();
    }

    /// <summary>Until the scheduler counts every node; a benchmark that starts before would measure fewer.</summary>
    private async Task WaitForNodesAsync(int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(NodesReadyTimeout);
        var nodes = 0;
        try
        {
            while ((nodes = (await Scheduler.GetSnapshotAsync()).Nodes.Count) < count)
                await Task.Delay(100, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the scheduler counted {nodes} of {count} node(s) after {NodesReadyTimeout.TotalSeconds:0} s");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // The others first, the primary of localhost clustering last.
        await Task.WhenAll(hosts.Skip(1).Select(h => StopAsync(h, timeout.Token)));
        if (hosts.Count > 0)
            await StopAsync(hosts[0], timeout.Token);
        if (database is not null)
            await DeleteRowsAsync(database, serviceId);
    }

    private static async Task StopAsync(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StopAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Left to the process's end.
        }
        host.Dispose();
    }

    /// <summary>The run's rows (its service and cluster id are the same, and its own).</summary>
    private static async Task DeleteRowsAsync(string database, string serviceId)
    {
        await using var source = NpgsqlDataSource.Create(database);
        await using var batch = source.CreateBatch();
        foreach (var delete in new[]
        {
            "DELETE FROM orleans_storage WHERE service_id = $1", "DELETE FROM orleans_reminders WHERE service_id = $1",
            "DELETE FROM job_index WHERE service_id = $1", "DELETE FROM orleans_membership_version WHERE deployment_id = $1",
        })
        {
            var command = new NpgsqlBatchCommand(delete);
            command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
    }
}
