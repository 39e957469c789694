using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Farm;

namespace RenderFarm.Tests.Monitoring;

/// <summary>
/// A real Prometheus scraping a farm of real silo processes through a render: every expression of the
/// dashboard returns data, every metric the alert rules read exists, and the counters agree with the job.
/// </summary>
public sealed partial class LiveFarmMetricsTests
{
    [Fact]
    public async Task Prometheus_scraping_a_rendering_farm_has_data_for_every_dashboard_and_alert_expression_and_counts_what_the_job_did()
    {
        var ct = TestContext.Current.CancellationToken;
        // Priced nodes, so that what the farm bills shows in Prometheus too.
        await using var farm = await ProcessFarm.StartAsync(nodes: 2, new Dictionary<string, string> { ["Costs__Instance"] = "aws/us-east-1/g4dn.xlarge/on-demand" });
        await using var prometheus = await PrometheusServer.StartScrapingAsync(farm.MetricsPorts.Values.Select(port => $"127.0.0.1:{port}"));

        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(150, "watched"), new JobOptions { ChunkCount = 4, MaxCost = 100m }, ct);
        var status = await farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(3));
        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");

        // Each node is scraped every second, not at the same moment: wait until every node's last scrape came after the job's end.
        await UntilAsync(prometheus, "sum(renderfarm_jobs_finished_total{state=\"completed\"})", value => value >= 1, TimeSpan.FromSeconds(30));
        await UntilAsync(prometheus, "sum(renderfarm_frames_rendered_total)", value => value >= status.TotalFrames, TimeSpan.FromSeconds(30));
        // Rates and gauges measured between readings (CPU) need a few scrapes of every node.
        await UntilAsync(prometheus, "min(count_over_time(up[1m]))", value => value >= 5, TimeSpan.FromSeconds(30));

        Assert.Equal(status.TotalFrames, await ValueAsync(prometheus, "sum(renderfarm_frames_rendered_total)"));
        Assert.Equal(status.Chunks.Count, await ValueAsync(prometheus, "sum(renderfarm_chunks_completed_total)"));
        Assert.Equal(status.Chunks.Sum(c => c.History.Count(h => h.End == AttemptEnd.Failed)), await ValueAsync(prometheus, "sum(renderfarm_chunks_failed_total)"));
        Assert.Equal(2, await ValueAsync(prometheus, "sum(renderfarm_node_slots)"));
        Assert.True(status.Cost.Billed > 0, "the job on priced nodes was billed nothing");
        await UntilAsync(prometheus, "sum(renderfarm_cost_billed_total)", value => value >= (double)status.Cost.Billed * 0.999999, TimeSpan.FromSeconds(30));
        Assert.Equal((double)status.Cost.Billed, await ValueAsync(prometheus, "sum(renderfarm_cost_billed_total)"), 1e-9);
        Assert.Equal(2 * 0.526, await ValueAsync(prometheus, "sum(renderfarm_node_hourly_price)"), 1e-9);

        var empty = new List<string>();
        foreach (var (source, expr) in MonitoringExpressions.Dashboard().Select(e => (e.Source, MonitoringExpressions.Queryable(e.Expr))))
        {
            if (!MonitoringExpressions.UsesMetricNotYetExported(expr) && !await HasDataAsync(prometheus, expr, ct))
                empty.Add($"{source}: {expr}");
        }
        // An alert's condition is rightly false on a healthy farm: what must exist is every series it reads.
        foreach (var (source, expr) in MonitoringExpressions.AlertRules())
        {
            foreach (var metric in MetricNames(expr).Where(m => !MonitoringExpressions.NotYetExported.Contains(m)))
            {
                if (!await HasDataAsync(prometheus, $"count({metric})", ct))
                    empty.Add($"{source}: {metric}");
            }
        }
        Assert.True(empty.Count == 0, "no data for:\n" + string.Join('\n', empty));
    }

    private static IEnumerable<string> MetricNames(string expr) =>
        MetricName().Matches(expr).Select(m => m.Value).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"\b(up|renderfarm_[a-z_]+|orleans_[a-z_]+|process_[a-z_]+|dotnet_[a-z_]+)\b")]
    private static partial Regex MetricName();

    private static async Task<bool> HasDataAsync(PrometheusServer prometheus, string expr, CancellationToken ct)
    {
        var data = await prometheus.QueryAsync(expr, ct);
        var result = data.GetProperty("result");
        return result.ValueKind != JsonValueKind.Array || result.GetArrayLength() > 0;
    }

    private static async Task<double> ValueAsync(PrometheusServer prometheus, string expr)
    {
        var result = (await prometheus.QueryAsync(expr, TestContext.Current.CancellationToken)).GetProperty("result");
        Assert.True(result.GetArrayLength() == 1, $"{expr}: {result}");
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private static async Task UntilAsync(PrometheusServer prometheus, string expr, Func<double, bool> done, TimeSpan limit)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit);
        var last = "no data";
        while (true)
        {
            var result = (await prometheus.QueryAsync(expr, timeout.Token)).GetProperty("result");
            if (result.GetArrayLength() == 1)
            {
                var value = double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                if (done(value))
                    return;
                last = value.ToString(CultureInfo.InvariantCulture);
            }
            try
            {
                await Task.Delay(500, timeout.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{expr} did not reach its value within {limit} (last: {last}); Prometheus log:\n{prometheus.Log}");
            }
        }
    }
}
