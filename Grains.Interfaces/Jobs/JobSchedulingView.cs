using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>What a scheduler rebuilding its queue needs from a job: its orders waiting for a slot, and the attempts running.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobSchedulingView")]
public sealed record JobSchedulingView(
    [property: Id(0)] JobTicket Ticket,
    [property: Id(1)] ResolvedTimeline Spec,
    [property: Id(2)] IReadOnlyList<WorkOrder> Queued,
    [property: Id(3)] IReadOnlyList<AttemptRef> Running);
