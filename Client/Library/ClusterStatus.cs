using RenderFarm.Nodes;
using RenderFarm.Scaling;
using RenderFarm.Scheduling;

namespace RenderFarm.Client;

/// <summary>Every node the pool knows, with its load, the scheduler's queue, and the pool's autoscaler with its machines.</summary>
public sealed record ClusterStatus(string Pool, IReadOnlyList<NodeStatus> Nodes, SchedulerSnapshot Scheduler, AutoscalerStatus? Autoscaler = null);
