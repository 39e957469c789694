using System.Globalization;
using System.Net;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Hosting;

/// <summary>The real silo process's monitoring endpoint: the probes and the metrics Prometheus scrapes.</summary>
public sealed class SiloMonitoringTests
{
    [Fact]
    public async Task A_silo_serves_its_probes_and_the_farms_orleans_and_runtime_metrics()
    {
        using var directory = new TestDirectory("silo-monitoring");
        var siloPort = LoopbackPorts.Free();
        var metricsPort = LoopbackPorts.Free();
        var environment = new Dictionary<string, string>
        {
            ["RenderNode__NodeId"] = "watched",
            ["RenderNode__WorkDirectory"] = directory.File("work"),
            ["RenderNode__MeasureBenchmarkAtStart"] = "false",
            ["RenderNode__LoadReportPeriod"] = "00:00:01",
            ["Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster__PrimarySiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Monitoring__Address"] = "127.0.0.1",
            ["Monitoring__Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            ["MediaStore__Root"] = directory.File("store"),
        };
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(5) };
        await using var silo = SiloProcess.Start("watched", environment, directory.File("silo.log"));

        var ready = await HttpPolling.PollAsync(http, "/readyz", r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        Assert.Contains("Active, render node ready", ready.Body);
        Assert.Equal(HttpStatusCode.OK, (await HttpPolling.GetAsync(http, "/healthz")).Status);

        // The node's heartbeat gauge appears with its first load report.
        var metrics = await HttpPolling.PollAsync(http, "/metrics", r => r.Body.Contains("renderfarm_node_heartbeat_timestamp_seconds{"), TimeSpan.FromSeconds(30));
        Assert.Contains("renderfarm_node_slots{", metrics.Body);
        Assert.Contains("node=\"watched\"", metrics.Body);
        Assert.Contains("renderfarm_chunks_failed_total{", metrics.Body);
        Assert.Contains("renderfarm_queue_length{", metrics.Body);
        Assert.Contains("orleans_catalog_activations", metrics.Body);
        Assert.Contains("dotnet_gc_collections_total", metrics.Body);
        Assert.Contains("process_cpu_time_seconds_total", metrics.Body);
    }

    [Fact]
    public async Task A_silo_whose_monitoring_port_cannot_work_refuses_to_start_and_names_it()
    {
        using var directory = new TestDirectory("silo-monitoring-refused");
        var siloPort = LoopbackPorts.Free();
        var environment = new Dictionary<string, string>
        {
            ["RenderNode__WorkDirectory"] = directory.File("work"),
            ["RenderNode__MeasureBenchmarkAtStart"] = "false",
            ["Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster__PrimarySiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Monitoring__Port"] = "70000",
            ["MediaStore__Root"] = directory.File("store"),
        };

        int exitCode;
        await using (var silo = SiloProcess.Start("refused", environment, directory.File("silo.log")))
            exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var output = await File.ReadAllTextAsync(directory.File("silo.log"), TestContext.Current.CancellationToken);
        Assert.True(exitCode == 78, $"exit code {exitCode}: {output}");
        Assert.Contains("Port", output);
        Assert.Contains("65535", output);
    }
}
