using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>
/// A local fake of the Google Cloud Storage JSON API on a loopback port (Kestrel), holding its objects in
/// memory. It can be stopped (connections refused, as for a store that went away) and started again on
/// the same port with its buckets, objects and upload sessions as they were.
/// </summary>
public sealed class FakeGcsServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<FakeGcsRequest> requests = new();
    private readonly SemaphoreSlim lifecycle = new(1, 1);
    private WebApplication? app;

    public FakeGcsServer(params string[] buckets)
    {
        Port = LoopbackPorts.Free();
        Buckets = new FakeGcsBuckets(TimeProvider.System);
        foreach (var bucket in buckets)
            Buckets.Create(bucket);
        Api = new FakeGcsApi(this);
        Uploads = new FakeGcsUploads(this);
    }

    public int Port { get; }

    /// <summary>The endpoint's root, as a store's BaseUri.</summary>
    public string BaseUri => $"http://127.0.0.1:{Port}/";

    public FakeGcsBuckets Buckets { get; }

    /// <summary>A listing's page holds at most this many objects, whatever the client asks for.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>When set, every request is answered with this status and a JSON error, as a busy or refusing GCS would.</summary>
    public HttpStatusCode? FailWith { get; set; }

    public bool IsRunning => app is not null;

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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        if (!await lifecycle.WaitAsync(StartTimeout, timeout.Token))
            throw new TimeoutException("The fake GCS server is busy starting or stopping.");
        try
        {
            if (app is not null)
                return;
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, Port);
                kestrel.Limits.MaxRequestBodySize = null;
            });
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = StopTimeout);
            var built = builder.Build();
            built.Run(Api.HandleAsync);
            await built.StartAsync(timeout.Token);
            app = built;
        }
        finally
        {
            lifecycle.Release();
        }
    }

    /// <summary>Stops listening and drops every connection; what the fake holds stays for the next start.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        if (!await lifecycle.WaitAsync(StopTimeout, timeout.Token))
            throw new TimeoutException("The fake GCS server is busy starting or stopping.");
        try
        {
            if (app is not { } running)
                return;
            app = null;
            await running.StopAsync(timeout.Token);
            await running.DisposeAsync();
        }
        finally
        {
            lifecycle.Release();
        }
    }

    /// <summary>Answered requests for one object's name, by operation, for tests that count them.</summary>
    public IReadOnlyList<FakeGcsRequest> RequestsFor(string name, string operation) =>
        Requests.Where(r => r.Name == name && r.Operation == operation).ToList();

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        lifecycle.Dispose();
    }

    internal void Record(FakeGcsRequest request) => requests.Enqueue(request);
}
