using System.Text.Json.Nodes;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Monitoring;

/// <summary>The dashboard against the Dashboard type of Grafana's npm package @grafana/schema (deploy/grafana/schema).</summary>
public sealed class DashboardSchemaTests
{
    // The first run installs the schema tools with npm ci.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_dashboard_validates_against_Grafanas_published_dashboard_schema()
    {
        var result = await CheckAsync(MonitoringFiles.Dashboard);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Output}");
    }

    [Fact]
    public async Task A_dashboard_with_a_panel_whose_grid_position_is_a_string_fails_the_check()
    {
        using var directory = new TestDirectory("broken-dashboard");
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(MonitoringFiles.Dashboard, TestContext.Current.CancellationToken))!;
        var panel = dashboard["panels"]!.AsArray().First(p => (string?)p!["type"] != "row")!;
        panel["gridPos"] = "x";
        await File.WriteAllTextAsync(directory.File("broken.json"), dashboard.ToJsonString(), TestContext.Current.CancellationToken);

        var result = await CheckAsync(directory.File("broken.json"));

        // 1 is "invalid"; 2 would be the check itself failing.
        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}: {result.Output}");
        Assert.Contains("gridPos", result.Output);
    }

    private static Task<ToolProcess.Result> CheckAsync(string dashboard) =>
        ToolProcess.RunAsync("bash", [MonitoringFiles.DashboardCheck, dashboard], Limit);
}
