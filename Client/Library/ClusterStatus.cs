using RenderFarm.Nodes;
using RenderFarm.Scheduling;

namespace RenderFarm.Client;

/// <summary>Every node the pool knows, with its load, and the scheduler's queue.</summary>
public sealed record ClusterStatus(string Pool, IReadOnlyList<NodeStatus> Nodes, SchedulerSnapshot Scheduler);
