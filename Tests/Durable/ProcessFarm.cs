using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RenderFarm.Client;
using RenderFarm.Jobs;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Durable;

/// <summary>
/// A farm of real silo processes on the PostgreSQL farm database (farm mode), sharing a media store,
/// and a client in the test process. Each farm has its own cluster and service id.
/// </summary>
public sealed class ProcessFarm : IAsyncDisposable
{
    private static readonly TimeSpan NodesReadyLimit = TimeSpan.FromSeconds(90);

    private readonly string id = $"proc-{Guid.NewGuid():N}";
    private readonly TestDirectory directory = new("process-farm");
    // Silo logs outlive the farm, so that a failed test can be read afterwards.
    private readonly string logs = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "renderfarm-test-logs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}")).FullName;
    private readonly Dictionary<string, string> settings;
    private readonly List<SiloProcess> silos = [];
    private readonly Dictionary<string, (int SiloPort, int GatewayPort, int MetricsPort)> nodePorts = [];

    /// <summary>Every loopback port a node of this farm listens on for silos and clients.</summary>
    public IReadOnlyList<int> LinkPorts => nodePorts.Values.SelectMany(p => new[] { p.SiloPort, p.GatewayPort }).ToList();

    /// <summary>Where each node serves /metrics, /healthz and /readyz (on loopback).</summary>
    public IReadOnlyDictionary<string, int> MetricsPorts => nodePorts.ToDictionary(p => p.Key, p => p.Value.MetricsPort);
    private readonly HashSet<int> givenPorts = [];
    private IHost? client;

    private ProcessFarm(Dictionary<string, string> settings) => this.settings = settings;

    /// <summary>The farm's cluster and service id.</summary>
    public string ClusterId => id;

    public IRenderFarm Farm => client?.Services.GetRequiredService<IRenderFarm>() ?? throw new InvalidOperationException("no client");
    public IReadOnlyList<SiloProcess> Silos => silos;
    public string StoreRoot => directory.File("store");

    /// <summary>A folder of the farm's own for anything else its nodes keep (removed with the farm).</summary>
    public string Folder(string name) => directory.File(name);

    public string LogFolder => logs;

    /// <param name="settings">Settings every node gets besides the farm's own (failover tuning, a price), as environment variables.</param>
    public static Task<ProcessFarm> StartAsync(int nodes, Dictionary<string, string>? settings = null) =>
        StartAsync(nodes, _ => settings ?? []);

    /// <param name="settings">Settings every node gets, made knowing the farm (its store and folder).</param>
    /// <param name="renderingNodes">How many of the nodes render for the default pool, the client's (all unless their settings put them in another).</param>
    public static async Task<ProcessFarm> StartAsync(int nodes, Func<ProcessFarm, Dictionary<string, string>> settings, int? renderingNodes = null)
    {
        await SampleMedia.EnsureAsync();
        await FarmDatabase.EnsureReachableAsync();
        var farm = new ProcessFarm([]);
        foreach (var (name, value) in settings(farm))
            farm.settings[name] = value;
        for (var i = 0; i < nodes; i++)
            farm.StartNode($"node-{i}");
        await farm.ConnectAsync(renderingNodes ?? nodes);
        return farm;
    }

    /// <summary>Starts a node; a node started again gets its earlier ports, as a render machine's silo would.</summary>
    /// <param name="nodeSettings">This node's own settings on top of the farm's (another certificate, say).</param>
    public void StartNode(string nodeId, IReadOnlyDictionary<string, string>? nodeSettings = null)
    {
        if (!nodePorts.TryGetValue(nodeId, out var ports))
            nodePorts[nodeId] = ports = (FreePort(), FreePort(), FreePort());
        var environment = new Dictionary<string, string>(settings)
        {
            ["Cluster__Database"] = FarmDatabase.ConnectionString,
            ["Cluster__ClusterId"] = id,
            ["Cluster__ServiceId"] = id,
            ["Cluster__SiloPort"] = ports.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = ports.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Monitoring__Port"] = ports.MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Monitoring__Address"] = "127.0.0.1",
            ["RenderNode__NodeId"] = nodeId,
            ["RenderNode__MeasureBenchmarkAtStart"] = "false",
            // One chunk at a time per node, whatever the machine: the tests count on it.
            ["RenderNode__RenderSlots"] = "1",
            ["RenderNode__LoadReportPeriod"] = "00:00:01",
            ["RenderNode__WorkDirectory"] = directory.File(Path.Combine("work", nodeId)),
            ["MediaStore__Root"] = StoreRoot,
            ["MediaStore__AssetsRoot"] = SampleMedia.Root,
            ["Logging__LogLevel__RenderFarm"] = "Debug",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };
        // Farm mode's links are mutual TLS: every node presents the test run's node certificate, unless the test gives its own.
        foreach (var (name, value) in nodeSettings ?? new Dictionary<string, string>())
            environment[name] = value;
        foreach (var (name, value) in TestCertificates.Node.SiloSettings())
            environment.TryAdd(name, value);
        // Farm mode requires keys: every farm knows the test users, and its default client is the operator.
        environment.TryAdd("Access__KeysFile", TestKeys.File);
        silos.RemoveAll(s => s.NodeId == nodeId && s.HasExited);
        silos.Add(SiloProcess.Start(nodeId, environment, Path.Combine(logs, nodeId + ".log")));
    }

    /// <summary>Stops every node at the same time, politely (SIGTERM) or not (kill -9), and waits until all have exited.</summary>
    public async Task StopAllAsync(bool graceful)
    {
        var running = silos.Where(s => !s.HasExited).ToList();
        await Task.WhenAll(running.Select(s => graceful ? s.StopAsync(TimeSpan.FromSeconds(60)) : s.KillAsync()));
    }

    public SiloProcess Node(string nodeId) => silos.Single(s => s.NodeId == nodeId && !s.HasExited);

    /// <summary>(Re)connects the test's client and waits until the scheduler knows <paramref name="nodes"/> live nodes.</summary>
    public async Task ConnectAsync(int nodes)
    {
        if (client is not null)
        {
            await client.StopAsync();
            client.Dispose();
            client = null;
        }
        var deadline = DateTime.UtcNow + NodesReadyLimit;
        while (client is null)
        {
            var host = BuildClient();
            try
            {
                await host.StartAsync();
                client = host;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // No silo has published a gateway yet.
                host.Dispose();
                await Task.Delay(500);
            }
        }
        while ((await Farm.GetClusterStatusAsync()).Scheduler.Nodes.Count != nodes)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the scheduler did not see {nodes} nodes within {NodesReadyLimit}; logs in {logs}");
            await Task.Delay(250);
        }
    }

    /// <summary>A started client of the farm presenting <paramref name="apiKey"/> (none when null); the caller disposes it.</summary>
    public async Task<IHost> ConnectClientAsync(string? apiKey, CancellationToken cancellationToken)
    {
        var host = BuildClient(options => options.ApiKey = apiKey);
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>A client of this farm, not started, with the test run's client certificate unless <paramref name="configure"/> says otherwise.</summary>
    public IHost BuildClient(Action<RenderFarmClientOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddRenderFarmClient(options =>
        {
            // A client gets the database role that finds gateways and reads nothing else.
            options.Database = FarmDatabase.GatewaysConnectionString;
            options.ClusterId = id;
            options.ServiceId = id;
            options.WatchPollInterval = TimeSpan.FromSeconds(1);
            options.ApiKey = TestKeys.Operator;
            TestCertificates.Client.ApplyTo(options.Tls);
            configure?.Invoke(options);
        });
        return builder.Build();
    }

    /// <summary>Polls a job until it ends, riding out calls that fail while a silo is being declared dead.</summary>
    public async Task<JobStatus> WaitForEndAsync(Guid jobId, TimeSpan limit) =>
        await UntilAsync(jobId, s => s.State.IsTerminal(), "the job to end", limit);

    public async Task<JobStatus> UntilAsync(Guid jobId, Func<JobStatus, bool> condition, string what, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        Exception? lastError = null;
        JobStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await Farm.GetJobStatusAsync(jobId);
                if (condition(last))
                    return last;
            }
            catch (Exception e) when (e is not KeyNotFoundException)
            {
                lastError = e;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"waited {limit} for {what} of job {jobId}; last status {last?.State} {last?.ChunksDone}/{last?.Chunks.Count}, last error {lastError?.Message}; logs in {logs}");
    }

    /// <summary>
    /// The cluster's status, riding out calls that time out while silos killed by a restart are still
    /// listed as gateways, until they are declared dead.
    /// </summary>
    public async Task<ClusterStatus> ClusterStatusAfterRestartAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                return await Farm.GetClusterStatusAsync();
            }
            catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await client.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // The silos may be gone already.
            }
            client.Dispose();
        }
        foreach (var silo in silos)
            await silo.DisposeAsync();
        directory.Dispose();
    }

    /// <summary>A free loopback port no node of this farm has been given yet (the system may hand out a port again once its listener closes).</summary>
    private int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (!nodePorts.Values.Any(p => p.SiloPort == port || p.GatewayPort == port || p.MetricsPort == port) && givenPorts.Add(port))
                return port;
        }
    }
}
