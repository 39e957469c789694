using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Monitoring;

/// <summary>The monitoring files of deploy/: Prometheus' configuration and alerts, Grafana's provisioning and dashboard.</summary>
public static class MonitoringFiles
{
    public static string Prometheus { get; } = Path.Combine(RepositoryPaths.Root, "deploy", "prometheus");
    public static string PrometheusConfig { get; } = Path.Combine(Prometheus, "prometheus.yml");
    public static string AlertRules { get; } = Path.Combine(Prometheus, "alerts.yml");
    public static string AlertRuleTests { get; } = Path.Combine(Prometheus, "alerts.test.yml");
    public static string ExampleTargets { get; } = Path.Combine(Prometheus, "targets", "node-7.json.example");

    public static string Grafana { get; } = Path.Combine(RepositoryPaths.Root, "deploy", "grafana");
    public static string Dashboard { get; } = Path.Combine(Grafana, "dashboards", "renderfarm.json");
    public static string DataSourceProvisioning { get; } = Path.Combine(Grafana, "provisioning", "datasources", "prometheus.yml");
    public static string DashboardProvider { get; } = Path.Combine(Grafana, "provisioning", "dashboards", "renderfarm.yml");
    public static string DashboardCheck { get; } = Path.Combine(Grafana, "schema", "check-dashboard.sh");
}
