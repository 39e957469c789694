using System.Globalization;
using System.Net;
using RenderFarm.Tests.Cli;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Hosting;

/// <summary>A silo started without a database (state in memory, for trying things out) still renders what it is sent.</summary>
public sealed class SiloWithoutDatabaseTests
{
    [Fact]
    public async Task A_silo_without_a_database_renders_a_job_submitted_through_its_gateway()
    {
        await SampleMedia.EnsureAsync();
        using var directory = new TestDirectory("silo-without-database");
        var siloPort = LoopbackPorts.Free();
        var gatewayPort = LoopbackPorts.Free();
        var metricsPort = LoopbackPorts.Free();
        var environment = new Dictionary<string, string>
        {
            ["RenderNode__NodeId"] = "alone",
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
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(5) };
        await using var silo = SiloProcess.Start("alone", environment, directory.File("silo.log"));
        await HttpPolling.PollAsync(http, "/readyz", r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        var (exitCode, output, error) = await CliProcess.RunAsync(
            ["submit", Path.Combine(RepositoryPaths.Samples, "simple.json"), "--chunks", "2", "--watch", "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(3));

        var log = File.Exists(directory.File("silo.log")) ? await File.ReadAllTextAsync(directory.File("silo.log"), TestContext.Current.CancellationToken) : "";
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}\nsilo log:\n{log}");
        Assert.Contains("Completed", output);
        Assert.DoesNotContain("Self referencing loop", log);
    }
}
