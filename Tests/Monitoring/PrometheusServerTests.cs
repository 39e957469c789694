using System.Diagnostics;

namespace RenderFarm.Tests.Monitoring;

/// <summary>The test Prometheus itself: it starts ready to query and leaves nothing behind.</summary>
public sealed class PrometheusServerTests
{
    [Fact]
    public async Task Disposing_the_server_kills_prometheus_and_removes_its_folder()
    {
        var server = await PrometheusServer.StartScrapingAsync([]);
        var folder = server.Folder;
        using var process = Process.GetProcessById(server.ProcessId);
        var data = await server.QueryAsync("vector(1)", TestContext.Current.CancellationToken);
        Assert.Equal("vector", data.GetProperty("resultType").GetString());

        await server.DisposeAsync();

        Assert.True(process.HasExited);
        Assert.False(Directory.Exists(folder));
    }
}
