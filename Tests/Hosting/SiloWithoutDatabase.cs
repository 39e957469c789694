using System.Globalization;
using System.Net;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Hosting;

/// <summary>A silo process of its own, without a database (localhost clustering, state in memory), on free loopback ports, ready when started.</summary>
public sealed class SiloWithoutDatabase : IAsyncDisposable
{
    private readonly SiloProcess silo;

    private SiloWithoutDatabase(SiloProcess silo, int gatewayPort, string logFile)
    {
        this.silo = silo;
        GatewayPort = gatewayPort.ToString(CultureInfo.InvariantCulture);
        LogFile = logFile;
    }

    /// <summary>For the CLI's <c>--gateway-port</c>.</summary>
    public string GatewayPort { get; }

    public string LogFile { get; }

    /// <param name="settings">More environment settings (<c>Section__Key</c>), added to or replacing the defaults here.</param>
    public static async Task<SiloWithoutDatabase> StartAsync(string nodeId, TestDirectory directory, IReadOnlyDictionary<string, string>? settings = null)
    {
        await SampleMedia.EnsureAsync();
        var siloPort = LoopbackPorts.Free();
        var gatewayPort = LoopbackPorts.Free();
        var metricsPort = LoopbackPorts.Free();
        var environment = new Dictionary<string, string>
        {
            ["RenderNode__NodeId"] = nodeId,
            ["RenderNode__WorkDirectory"] = directory.File("work"),
            ["RenderNode__MeasureBenchmarkAtStart"] = "false",
            ["Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster__PrimarySiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Monitoring__Address"] = "127.0.0.1",
            ["Monitoring__Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            ["MediaStore__Root"] = directory.File("store"),
            ["MediaStore__AssetsRoot"] = SampleMedia.Root,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            environment[name] = value;
        var logFile = directory.File("silo.log");
        var silo = SiloProcess.Start(nodeId, environment, logFile);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(5) };
            await HttpPolling.PollAsync(http, "/readyz", r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
        return new SiloWithoutDatabase(silo, gatewayPort, logFile);
    }

    public async Task<string> LogAsync() => File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, TestContext.Current.CancellationToken) : "";

    public ValueTask DisposeAsync() => silo.DisposeAsync();
}
