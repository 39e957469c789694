using System.Collections.Concurrent;
using System.Net;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>
/// A local fake of the Google Cloud Storage JSON API on a loopback port (Kestrel), holding its objects in
/// memory. It can be stopped (connections refused, as for a store that went away) and started again on
/// the same port with its buckets, objects and upload sessions as they were.
/// </summary>
public sealed class FakeGcsServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeGcsRequest> requests = new();
    private readonly RestartableLoopbackServer listener;

    public FakeGcsServer(params string[] buckets)
    {
        Buckets = new FakeGcsBuckets(TimeProvider.System);
        foreach (var bucket in buckets)
            Buckets.Create(bucket);
        Api = new FakeGcsApi(this);
        Uploads = new FakeGcsUploads(this);
        listener = new RestartableLoopbackServer("fake GCS server", Api.HandleAsync, maxRequestBodySize: null);
    }

    public int Port => listener.Port;

    /// <summary>The endpoint's root, as a store's BaseUri.</summary>
    public string BaseUri => $"http://127.0.0.1:{Port}/";

    public FakeGcsBuckets Buckets { get; }

    /// <summary>A listing's page holds at most this many objects, whatever the client asks for.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>When set, every request is answered with this status and a JSON error, as a busy or refusing GCS would.</summary>
    public HttpStatusCode? FailWith { get; set; }

    public bool IsRunning => listener.IsRunning;

    /// <summary>Every request answered since the fake was made, oldest first.</summary>
    public IReadOnlyList<FakeGcsRequest> Requests => requests.ToArray();

    internal FakeGcsApi Api { get; }

    internal FakeGcsUploads Uploads { get; }

    public static async Task<FakeGcsServer> StartAsync(params string[] buckets)
    {
        var server = new FakeGcsServer(buckets);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    public Task StartAsync(CancellationToken cancellationToken) => listener.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => listener.StopAsync(cancellationToken);

    /// <summary>Answered requests for one object's name, by operation, for tests that count them.</summary>
    public IReadOnlyList<FakeGcsRequest> RequestsFor(string name, string operation) =>
        Requests.Where(r => r.Name == name && r.Operation == operation).ToList();

    public ValueTask DisposeAsync() => listener.DisposeAsync();

    internal void Record(FakeGcsRequest request) => requests.Enqueue(request);
}
