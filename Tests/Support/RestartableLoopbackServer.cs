using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RenderFarm.Tests.Support;

/// <summary>
/// A fake service's HTTP listener on a loopback port of its own (Kestrel): it can be stopped
/// (connections refused, as for a service that went away) and started again on the same port, while
/// the fake's state stays with the fake.
/// </summary>
public sealed class RestartableLoopbackServer(string name, RequestDelegate handle, long? maxRequestBodySize = 30_000_000) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim lifecycle = new(1, 1);
    private WebApplication? app;
    private bool disposed;

    public int Port { get; } = LoopbackPorts.Free();

    public bool IsRunning => app is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        if (!await lifecycle.WaitAsync(StartTimeout, timeout.Token))
            throw new TimeoutException($"The {name} is busy starting or stopping.");
        try
        {
            if (app is not null)
                return;
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, Port);
                kestrel.Limits.MaxRequestBodySize = maxRequestBodySize;
            });
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = StopTimeout);
            var built = builder.Build();
            built.Run(handle);
            await built.StartAsync(timeout.Token);
            app = built;
        }
        finally
        {
            lifecycle.Release();
        }
    }

    /// <summary>Stops listening and drops every connection.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        if (!await lifecycle.WaitAsync(StopTimeout, timeout.Token))
            throw new TimeoutException($"The {name} is busy starting or stopping.");
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

    /// <summary>Stops it for good; disposing again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        await StopAsync(CancellationToken.None);
        lifecycle.Dispose();
    }
}
