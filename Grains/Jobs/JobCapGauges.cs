using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RenderFarm.Nodes;
using RenderFarm.Telemetry;

namespace RenderFarm.Jobs;

/// <summary>
/// How close the running jobs with a cost cap on this silo are to their caps: each such job reports
/// the share of its cap it has spent while it is active here; the gauge shows the highest per pool,
/// and 0 for this node's pool while none is, so that the series (and alerts on it) always exist.
/// </summary>
public sealed class JobCapGauges
{
    private readonly ConcurrentDictionary<Guid, (string Pool, double Share)> jobs = new();

    private readonly string pool;

    public JobCapGauges(RenderFarmMetrics metrics, LocalRenderNode node)
    {
        pool = node.Pool;
        metrics.Meter.CreateObservableGauge("renderfarm.job.cost.ratio.of.cap", Highest, unit: null,
            "The highest share of its cost cap that a running job of the pool has spent (1 = at its cap).");
    }

    public void Report(Guid job, string pool, double share) => jobs[job] = (pool, share);

    public void Withdraw(Guid job) => jobs.TryRemove(job, out _);

    private IEnumerable<Measurement<double>> Highest() =>
        jobs.Values.Append((Pool: pool, Share: 0d)).GroupBy(j => j.Pool, StringComparer.Ordinal)
            .Select(group => new Measurement<double>(group.Max(j => j.Share), new KeyValuePair<string, object?>("pool", group.Key)));
}
