using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RenderFarm.Client;
using RenderFarm.Client.Security;

namespace RenderFarm.Cli;

/// <summary>The farm could not be reached; the message says where it was looked for (the database without its password).</summary>
internal sealed class FarmUnreachableException(int gatewayPort, string? database, Exception inner)
    : Exception((database is null
        ? $"No silo reachable at gateway port {gatewayPort} on this machine; is the farm running?"
        : $"No gateway of the farm reachable through its database ({FarmDatabaseConnection.Redacted(database)}); is the farm running?")
        + $" ({inner.Message.Split('\n')[0].Trim()})", inner);

/// <summary>
/// A started host holding an Orleans client connected to a farm on this machine, and the
/// <see cref="IRenderFarm"/> it offers; disposing it disconnects.
/// </summary>
internal sealed class FarmConnection : IAsyncDisposable
{
    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(5);

    private readonly IHost host;

    private FarmConnection(IHost host)
    {
        this.host = host;
        Farm = host.Services.GetRequiredService<IRenderFarm>();
    }

    public IRenderFarm Farm { get; }

    /// <summary>
    /// Connects. Settings other than the port and pool (cluster and service id) can come from
    /// environment variables such as <c>RenderFarm__ClusterId</c>.
    /// </summary>
    public static async Task<FarmConnection> OpenAsync(int gatewayPort, string pool, string? database, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables();
        // RenderFarm__Tls__KeyPassword_FILE and the like: secrets as files, never on the command line.
        builder.Configuration.AddSecretFiles();
        builder.Services.AddRenderFarmClient(options =>
        {
            options.GatewayPort = gatewayPort;
            options.Pool = pool;
            if (database is not null)
                options.Database = database;
            // A command fails at once when no silo answers, instead of retrying for minutes.
            options.RetryConnection = false;
        }, builder.Configuration);
        // Ctrl+C belongs to the command (which may still cancel a job with this client), not to the host.
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not (OperationCanceledException or FarmNotAuthorisedException))
        {
            host.Dispose();
            throw new FarmUnreachableException(gatewayPort, database, e);
        }
        return new FarmConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(DisconnectTimeout);
        try
        {
            await host.StopAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Leaving anyway: the farm notices a client that is gone.
        }
        host.Dispose();
    }

    /// <summary>A host lifetime that ignores the console's signals.</summary>
    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
