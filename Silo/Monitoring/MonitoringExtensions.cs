using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;
using RenderFarm.Telemetry;

namespace RenderFarm.Silo.Monitoring;

/// <summary>
/// A silo's monitoring endpoint: the farm's, Orleans', the runtime's and the process's metrics in
/// Prometheus format on <c>/metrics</c>, and the probes <c>/healthz</c> and <c>/readyz</c>
/// (docs/monitoring.md); the Orleans dashboard on a port of its own when enabled.
/// </summary>
public static class MonitoringExtensions
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddRenderFarmMonitoring(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RenderFarmMetrics.MeterName, "Microsoft.Orleans")
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddPrometheusExporter());
        builder.Services.AddHealthChecks().AddCheck<SiloReadinessCheck>("silo", tags: [ReadyTag]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Validated here, before Kestrel binds: settings that cannot work stop the silo with their names.
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<MonitoringOptions>>().Value;
            kestrel.Listen(options.ParsedAddress(), options.Port);
            if (options.Dashboard.Enabled)
                kestrel.Listen(System.Net.IPAddress.Parse(options.Dashboard.Address), options.Dashboard.Port);
        });
        return builder;
    }

    /// <summary>The Orleans dashboard on the silo, when <c>Monitoring:Dashboard:Enabled</c>.</summary>
    public static ISiloBuilder AddRenderFarmDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (configuration.GetSection(MonitoringOptions.Section).Get<MonitoringOptions>() is { Dashboard.Enabled: true })
            silo.AddDashboard();
        return silo;
    }

    public static WebApplication MapRenderFarmMonitoring(this WebApplication app)
    {
        var options = app.Configuration.GetSection(MonitoringOptions.Section).Get<MonitoringOptions>() ?? new MonitoringOptions();
        var monitoring = $"*:{options.Port}";
        app.MapPrometheusScrapingEndpoint("/metrics").RequireHost(monitoring);
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).RequireHost(monitoring);
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteReasonAsync }).RequireHost(monitoring);
        if (options.Dashboard.Enabled)
            app.MapOrleansDashboard(routePrefix: "/dashboard").RequireHost($"*:{options.Dashboard.Port}");
        return app;
    }

    /// <summary>The probe's answer says why it is not ready, for an operator reading it with curl.</summary>
    private static Task WriteReasonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var reasons = report.Entries.Select(e => $"{e.Key}: {e.Value.Status}: {e.Value.Description}");
        return context.Response.WriteAsync(string.Join('\n', reasons) + '\n', Encoding.UTF8);
    }
}
