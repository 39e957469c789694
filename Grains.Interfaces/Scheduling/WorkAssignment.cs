using RenderFarm.Timelines;

namespace RenderFarm.Scheduling;

/// <summary>
/// The scheduler's dispatch to a node: the job's order, everything needed to render it, and the node
/// (and silo) chosen. The piece never calls back into its job before it starts.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.WorkAssignment")]
public sealed record WorkAssignment(
    [property: Id(0)] WorkOrder Order,
    [property: Id(1)] ResolvedTimeline Spec,
    [property: Id(2)] string Node,
    [property: Id(3)] SiloAddress Silo)
{
    public AttemptRef Attempt => new(Order.Key, Order.Attempt, Node, Silo);
}
