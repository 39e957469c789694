using OpenTelemetry;
using OpenTelemetry.Metrics;
using RenderFarm.Telemetry;

namespace RenderFarm.Benchmarks;

/// <summary>The farm's and Orleans' meters read every second by an OpenTelemetry meter provider, as a silo's Prometheus endpoint is scraped.</summary>
internal static class MetricsCollection
{
    public static readonly string[] FarmMeters = [RenderFarmMetrics.MeterName, "Microsoft.Orleans"];

    public static IDisposable Start(string[] meters)
    {
        var exported = new List<Metric>();
        return Sdk.CreateMeterProviderBuilder()
            .AddMeter(meters)
            .AddInMemoryExporter(exported, reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 1000)
            .Build();
    }
}
