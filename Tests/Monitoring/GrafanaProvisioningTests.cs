using System.Text.Json.Nodes;
using RenderFarm.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace RenderFarm.Tests.Monitoring;

/// <summary>Grafana's provisioning files and the dashboard agree: data source uid, dashboards folder.</summary>
public sealed class GrafanaProvisioningTests
{
    [Fact]
    public void Every_data_source_the_dashboard_names_is_the_provisioned_Prometheus()
    {
        var provisioned = Scalar(Entry(MonitoringFiles.DataSourceProvisioning, "datasources"), "uid");
        var dashboard = JsonNode.Parse(File.ReadAllText(MonitoringFiles.Dashboard))!;

        var others = DataSources(dashboard)
            .Where(ds => (string?)ds["type"] != "grafana") // the built-in annotations
            .Where(ds => (string?)ds["type"] != "prometheus" || (string?)ds["uid"] != provisioned)
            .Select(ds => ds.ToJsonString())
            .ToList();

        Assert.NotEmpty(DataSources(dashboard));
        Assert.True(others.Count == 0, $"data sources other than prometheus/{provisioned}: " + string.Join(", ", others));
    }

    [Fact]
    public void The_dashboard_provider_loads_the_dashboards_folder_from_the_repositorys_root()
    {
        var provider = Entry(MonitoringFiles.DashboardProvider, "providers");
        var path = Scalar((YamlMappingNode)provider.Children[new YamlScalarNode("options")], "path");

        Assert.Equal(Path.GetDirectoryName(MonitoringFiles.Dashboard), Path.Combine(RepositoryPaths.Root, path));
    }

    private static YamlMappingNode Entry(string file, string list)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(file))
            yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return (YamlMappingNode)Assert.Single(((YamlSequenceNode)root.Children[new YamlScalarNode(list)]).Children);
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static IEnumerable<JsonObject> DataSources(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "datasource" && p.Value is JsonObject ds ? [ds] : p.Value is null ? [] : DataSources(p.Value)),
        JsonArray a => a.Where(n => n is not null).SelectMany(n => DataSources(n!)),
        _ => [],
    };
}
