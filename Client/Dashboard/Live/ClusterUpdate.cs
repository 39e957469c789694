using RenderFarm.Access;
using RenderFarm.Metrics;
using RenderFarm.Nodes;

namespace RenderFarm.Dashboard.Live;

/// <summary>What a page is told of the cluster: its tiles' figures, and the active jobs its user may see with their speed and time to go.</summary>
public sealed record ClusterUpdate(int NodesActive, int NodesTotal, int Slots, int SlotsBusy, int Queued, int Running, bool Paused,
    double? FramesPerSecond, decimal HourlyCost, string Currency, IReadOnlyList<ClusterUpdate.Node> Nodes, IReadOnlyList<ClusterUpdate.Job> Jobs)
{
    public sealed record Node(string NodeId, string State, int Slots, int Running, double? CpuShare, double? MemoryShare, decimal HourlyPrice);

    public sealed record Job(Guid JobId, double? FramesPerSecond, double? EtaSeconds, decimal Cost);

    public static ClusterUpdate From(FarmMetrics reading, CallerIdentity viewer) => new(
        reading.NodesActive, reading.NodesTotal, reading.Slots, reading.SlotsBusy, reading.Queued, reading.Running, reading.Paused,
        reading.FramesPerSecond, reading.HourlyCost, reading.Currency,
        [.. reading.Nodes.Where(n => n.State != NodeState.Dead)
            .Select(n => new Node(n.NodeId, n.State.ToString(), n.Slots, n.Running, n.CpuShare, n.MemoryShare, n.HourlyPrice))],
        [.. reading.Jobs.Where(j => viewer.MayActOnJobOf(j.Submitter))
            .Select(j => new Job(j.JobId, j.FramesPerSecond, j.Eta?.TotalSeconds, j.Cost))]);
}
