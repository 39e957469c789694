using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Monitoring;

/// <summary>deploy/prometheus as Prometheus' own checker sees it, and what promtool does not check.</summary>
public sealed class PrometheusConfigTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Promtool_accepts_the_scrape_configuration_and_the_rule_files_it_names()
    {
        var result = await ToolProcess.RunAsync("promtool", ["check", "config", MonitoringFiles.PrometheusConfig], Limit);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var result = await ToolProcess.RunAsync("promtool", ["check", "rules", MonitoringFiles.AlertRules], Limit);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Each_alert_fires_on_its_situation_in_promtools_rule_unit_tests()
    {
        var result = await ToolProcess.RunAsync("promtool", ["test", "rules", MonitoringFiles.AlertRuleTests], Limit);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task The_example_targets_file_is_a_valid_file_sd_file_once_named_json()
    {
        using var directory = new TestDirectory("prometheus-sd");
        File.Copy(MonitoringFiles.PrometheusConfig, directory.File("prometheus.yml"));
        File.Copy(MonitoringFiles.AlertRules, directory.File("alerts.yml"));
        Directory.CreateDirectory(directory.File("targets"));
        File.Copy(MonitoringFiles.ExampleTargets, Path.Combine(directory.File("targets"), "node-7.json"));

        var result = await ToolProcess.RunAsync("promtool", ["check", "config", directory.File("prometheus.yml")], Limit);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("WARNING", result.Output); // the warning of a targets glob that matches no file
    }

    [Fact]
    public async Task A_targets_file_of_the_wrong_shape_fails_the_config_check()
    {
        using var directory = new TestDirectory("prometheus-sd-bad");
        File.Copy(MonitoringFiles.PrometheusConfig, directory.File("prometheus.yml"));
        File.Copy(MonitoringFiles.AlertRules, directory.File("alerts.yml"));
        Directory.CreateDirectory(directory.File("targets"));
        await File.WriteAllTextAsync(Path.Combine(directory.File("targets"), "node-8.json"), """[{"targets": "node-8:9400"}]""", TestContext.Current.CancellationToken);

        var result = await ToolProcess.RunAsync("promtool", ["check", "config", directory.File("prometheus.yml")], Limit);

        Assert.True(result.ExitCode != 0, result.Output);
    }

    [Fact]
    public void The_example_targets_file_is_not_scraped_by_default()
    {
        Assert.False(Path.GetFileName(MonitoringFiles.ExampleTargets).EndsWith(".json", StringComparison.Ordinal));
        Assert.Contains("targets/*.json", File.ReadAllText(MonitoringFiles.PrometheusConfig));
    }

    [Fact]
    public void Every_alert_rule_has_a_severity_a_summary_and_a_description()
    {
        var rules = AlertRuleFile.Load(MonitoringFiles.AlertRules);

        Assert.NotEmpty(rules);
        var incomplete = rules
            .Where(r => !r.Labels.TryGetValue("severity", out var severity) || severity is not ("critical" or "warning" or "info")
                        || string.IsNullOrWhiteSpace(r.Annotations.GetValueOrDefault("summary"))
                        || string.IsNullOrWhiteSpace(r.Annotations.GetValueOrDefault("description")))
            .Select(r => r.Name)
            .ToList();
        Assert.True(incomplete.Count == 0, "rules without a severity (critical, warning, info), a summary or a description: " + string.Join(", ", incomplete));
    }
}
