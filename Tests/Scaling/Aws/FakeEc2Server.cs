using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Scaling.Aws;

/// <summary>
/// A local fake of Amazon EC2 on a loopback port (Kestrel): the query API at <see cref="ServiceUrl"/>
/// (<see cref="FakeEc2Api"/>) and each instance's metadata service at <see cref="MetadataEndpoint"/>
/// (<see cref="FakeEc2Metadata"/>). A launched instance boots through the <see cref="IFakeMachineHost"/>
/// with the settings of its user data, and stops through it when terminated. It can be stopped
/// (connections refused) and started again on the same port with its instances as they were.
/// </summary>
public sealed class FakeEc2Server : IAsyncDisposable
{
    public const string OwnerId = "123456789012";

    private readonly ConcurrentQueue<FakeEc2Request> requests = new();
    private readonly RestartableLoopbackServer listener;
    private readonly FakeEc2Api api;
    private readonly FakeEc2Metadata metadata;

    /// <param name="time">The fake's clock: launch times, pending and shutting-down, spot notices; the system's when null.</param>
    public FakeEc2Server(IFakeMachineHost host, TimeProvider? time = null)
    {
        listener = new RestartableLoopbackServer("fake EC2 server", HandleAsync, maxRequestBodySize: 30_000_000);
        Host = host;
        Instances = new FakeEc2Instances(time ?? TimeProvider.System);
        api = new FakeEc2Api(this);
        metadata = new FakeEc2Metadata(this);
    }

    public int Port => listener.Port;

    /// <summary>The query API's endpoint, as the provider's ServiceUrl.</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}/";

    public IFakeMachineHost Host { get; }

    public FakeEc2Instances Instances { get; }

    public FakeEc2Failures Failures { get; } = new();

    public FakeEc2SpotPrices SpotPrices { get; } = new();

    /// <summary>The zone every instance is placed in.</summary>
    public string AvailabilityZone { get; set; } = "us-east-1a";

    /// <summary>A DescribeInstances page holds at most this many reservations, whatever the client asks for.</summary>
    public int InstancePageSize { get; set; } = 1000;

    /// <summary>A DescribeSpotPriceHistory page holds at most this many prices.</summary>
    public int SpotPricePageSize { get; set; } = 1000;

    /// <summary>Every query API request received since the fake was made, oldest first.</summary>
    public IReadOnlyList<FakeEc2Request> Requests => requests.ToArray();

    public static async Task<FakeEc2Server> StartAsync(IFakeMachineHost host, TimeProvider? time = null)
    {
        var server = new FakeEc2Server(host, time);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    /// <summary>
    /// Where the instance's machine finds its metadata service (http://169.254.169.254/ on EC2):
    /// <c>{endpoint}latest/api/token</c>, <c>{endpoint}latest/meta-data/spot/instance-action</c>.
    /// </summary>
    public string MetadataEndpoint(string instanceId) => $"http://127.0.0.1:{Port}{FakeEc2Metadata.PathPrefix}{instanceId}/";

    /// <summary>From now on the instance's metadata announces its termination, two minutes on (or <paramref name="lead"/>).</summary>
    public void SetSpotNotice(string instanceId, TimeSpan? lead = null) => metadata.SetSpotNotice(instanceId, lead);

    /// <summary>
    /// Puts the instance in an EC2 state (<see cref="FakeEc2Instances.Stopping"/>, <see cref="FakeEc2Instances.Stopped"/>, …);
    /// one that ends the machine (stopped, shutting-down, terminated) stops it through the host.
    /// </summary>
    public async Task SetStateAsync(string instanceId, string state)
    {
        Instances.SetState(instanceId, state);
        if (state is FakeEc2Instances.Stopped or FakeEc2Instances.ShuttingDown or FakeEc2Instances.Terminated)
            await Host.StopAsync(instanceId);
    }

    /// <summary>EC2 takes the spot instance back: it shuts down and its machine stops.</summary>
    public async Task ReclaimAsync(string instanceId)
    {
        var instance = Instances.Find(instanceId) ?? throw new ArgumentException($"no instance {instanceId}", nameof(instanceId));
        if (Instances.Terminate(instance))
            await Host.StopAsync(instanceId);
    }

    public Task StartAsync(CancellationToken cancellationToken) => listener.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => listener.StopAsync(cancellationToken);

    /// <summary>The requests of one action, oldest first.</summary>
    public IReadOnlyList<FakeEc2Request> RequestsOf(string action) => Requests.Where(r => r.Action == action).ToList();

    public async ValueTask DisposeAsync()
    {
        await Host.StopAllAsync();
        await listener.DisposeAsync();
    }

    internal void Record(FakeEc2Request request) => requests.Enqueue(request);

    private Task HandleAsync(HttpContext context) =>
        context.Request.Path.StartsWithSegments(FakeEc2Metadata.PathPrefix.TrimEnd('/'), StringComparison.Ordinal)
            ? metadata.HandleAsync(context)
            : api.HandleAsync(context);
}
