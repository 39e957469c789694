using System.Net;
using System.Text.RegularExpressions;

namespace RenderFarm.Tests.Monitoring;

/// <summary>
/// The PromQL of the alert rules and the dashboard, parsed by a real Prometheus (promtool cannot parse a bare
/// expression). Nothing is scraped, so the queries return nothing: whether they return data is a farm's test.
/// </summary>
public sealed class MonitoringExpressionTests(PrometheusWithoutTargets prometheus) : IClassFixture<PrometheusWithoutTargets>
{
    public static TheoryData<string, string> Expressions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (source, expr) in MonitoringExpressions.All())
            data.Add(source, expr);
        return data;
    }

    [Theory]
    [MemberData(nameof(Expressions))]
    public async Task Each_expression_of_the_alerts_and_the_dashboard_parses(string source, string expr)
    {
        try
        {
            await prometheus.Server.QueryAsync(expr, TestContext.Current.CancellationToken);
        }
        catch (PrometheusQueryException e)
        {
            Assert.Fail($"{source}: {e.Message}");
        }
    }

    [Fact]
    public async Task A_malformed_expression_is_refused_with_bad_data()
    {
        var refused = await Assert.ThrowsAsync<PrometheusQueryException>(() =>
            prometheus.Server.QueryAsync("sum(rate(renderfarm_frames_rendered_total[1m])", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("bad_data", refused.ErrorType);
    }

    [Fact]
    public void The_expressions_include_every_expr_of_the_alert_rules_and_the_dashboard()
    {
        var alertExprs = Regex.Matches(File.ReadAllText(MonitoringFiles.AlertRules), @"^\s*expr:", RegexOptions.Multiline).Count;
        var dashboard = File.ReadAllText(MonitoringFiles.Dashboard);
        var dashboardExprs = Regex.Matches(dashboard, @"""expr""\s*:").Count;
        var variableQueries = Regex.Matches(dashboard, @"""query""\s*:\s*""label_values\(").Count;

        Assert.Equal(alertExprs, MonitoringExpressions.AlertRules().Count);
        Assert.Equal(dashboardExprs + variableQueries, MonitoringExpressions.Dashboard().Count);
        Assert.True(alertExprs > 0 && dashboardExprs > 0 && variableQueries > 0);
    }

    [Fact]
    public void The_dashboards_template_variables_appear_only_in_regex_matchers()
    {
        var misplaced = MonitoringExpressions.Dashboard()
            .Where(e => MonitoringExpressions.VariablesOutsideRegexMatchers(e.Expr).Count > 0)
            .Select(e => $"{e.Source}: {e.Expr}")
            .ToList();

        Assert.True(misplaced.Count == 0, "expressions with $variables outside =~\"$name\":\n" + string.Join('\n', misplaced));
    }

    [Fact]
    public void Queryable_expressions_have_no_template_variables_left()
    {
        Assert.DoesNotContain(MonitoringExpressions.All(), e => e.Expr.Contains('$'));
        Assert.Equal("""rate(x{node=~".*"}[1m])""", MonitoringExpressions.Queryable("""rate(x{node=~"$node"}[$__rate_interval])"""));
    }
}
