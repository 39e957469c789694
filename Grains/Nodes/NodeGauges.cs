using System.Diagnostics.Metrics;
using RenderFarm.Costs;
using RenderFarm.Telemetry;

namespace RenderFarm.Nodes;

/// <summary>
/// This silo's render node as gauges: its slots, what runs, its state, uptime and last report, and the
/// machine's CPU and memory. A lifecycle participant only so that the silo creates it, and its gauges, at start.
/// </summary>
public sealed class NodeGauges : ILifecycleParticipant<ISiloLifecycle>
{
    public NodeGauges(RenderFarmMetrics metrics, LocalRenderNode node, LocalNodeStatus status, RenderWorker worker, MachineUsage machine, PriceBook prices, TimeProvider clock)
    {
        var meter = metrics.Meter;
        KeyValuePair<string, object?>[] Where() => [new("pool", node.Pool), new("node", node.NodeId)];
        meter.CreateObservableGauge("renderfarm.node.slots", () => new Measurement<int>(status.Current.Capabilities?.RenderSlots ?? 0, Where()), "{slot}", "The node's render slots.");
        meter.CreateObservableGauge("renderfarm.node.hourly.price", () => new Measurement<double>((double)prices.ThisNode.HourlyPrice, [.. Where(), new("instance", prices.ThisNode.Key)]),
            "{currency}", "What the node's machine costs an hour (its price catalogue entry).");
        meter.CreateObservableGauge("renderfarm.node.chunks.running", () => new Measurement<int>(worker.Load.Running, Where()), "{chunk}", "Chunks the node renders now.");
        meter.CreateObservableGauge("renderfarm.node.state", () => Enum.GetValues<LocalNodeState>().Select(state =>
            new Measurement<int>(status.Current.State == state ? 1 : 0, [.. Where(), new("state", RenderFarmMetrics.Label(state))])), null, "1 for the node's state.");
        meter.CreateObservableGauge("renderfarm.node.uptime", () => status.Current.RegisteredAt is { } at
            ? [new Measurement<double>((clock.GetUtcNow() - at).TotalSeconds, Where())]
            : Array.Empty<Measurement<double>>(), "s", "Since the node registered.");
        meter.CreateObservableGauge("renderfarm.node.heartbeat.timestamp", () => status.Current.LastReportAt is { } at
            ? [new Measurement<double>(at.ToUnixTimeMilliseconds() / 1000.0, Where())]
            : Array.Empty<Measurement<double>>(), "s", "Unix time of the node's last load report.");
        meter.CreateObservableGauge("renderfarm.node.cpu.utilization.ratio", () => machine.CpuShare() is { } share
            ? [new Measurement<double>(share, Where())]
            : Array.Empty<Measurement<double>>(), "1", "The machine's CPU busy share since the previous reading.");
        meter.CreateObservableGauge("renderfarm.node.memory.used", () => machine.Memory() is { } memory
            ? [new Measurement<long>(memory.Used, Where())]
            : Array.Empty<Measurement<long>>(), "By", "The machine's memory in use.");
        meter.CreateObservableGauge("renderfarm.node.memory.total", () => machine.Memory() is { } memory
            ? [new Measurement<long>(memory.Total, Where())]
            : Array.Empty<Measurement<long>>(), "By", "The machine's memory.");
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
    }
}
