namespace RenderFarm.Tests.Monitoring;

/// <summary>A Prometheus that scrapes nothing, shared by the tests that only need its query parser.</summary>
public sealed class PrometheusWithoutTargets : IAsyncLifetime
{
    public PrometheusServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PrometheusServer.StartScrapingAsync([]);

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
            await Server.DisposeAsync();
    }
}
