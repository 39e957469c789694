using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RenderFarm.Telemetry;

/// <summary>
/// The pools' gauges on this silo: a scheduler reports its pool's reading here while it is active on
/// this silo and takes it back when it leaves, so that summed over silos each pool counts once.
/// </summary>
public sealed class SchedulerGauges
{
    private readonly ConcurrentDictionary<string, PoolReading> pools = new(StringComparer.Ordinal);

    public SchedulerGauges(RenderFarmMetrics metrics)
    {
        var meter = metrics.Meter;
        meter.CreateObservableGauge("renderfarm.queue.length", () => Each(r => r.Queued), "{order}", "Orders waiting for a slot.");
        meter.CreateObservableGauge("renderfarm.slots", () => Each(r => r.Slots), "{slot}", "Render slots of the pool's live nodes.");
        meter.CreateObservableGauge("renderfarm.slots.used", () => Each(r => r.SlotsUsed), "{slot}", "Render slots running a chunk.");
        meter.CreateObservableGauge("renderfarm.nodes.active", () => Each(r => r.NodesActive), "{node}", "Live nodes the scheduler dispatches to.");
        meter.CreateObservableGauge("renderfarm.pool.paused", () => Each(r => r.Paused ? 1 : 0), null, "1 while the pool is paused.");
        meter.CreateObservableGauge("renderfarm.jobs", JobsByState, "{job}", "Jobs by state.");
    }

    public void Report(string pool, PoolReading reading) => pools[pool] = reading;

    public void Withdraw(string pool) => pools.TryRemove(pool, out _);

    private IEnumerable<Measurement<int>> Each(Func<PoolReading, int> value) =>
        pools.Select(p => new Measurement<int>(value(p.Value), new KeyValuePair<string, object?>("pool", p.Key)));

    private IEnumerable<Measurement<int>> JobsByState() =>
        pools.SelectMany(p => p.Value.JobsByState.Select(s =>
            new Measurement<int>(s.Value, new KeyValuePair<string, object?>("pool", p.Key), new KeyValuePair<string, object?>("state", s.Key))));
}
