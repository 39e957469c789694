namespace RenderFarm.Scheduling;

/// <summary>A node's render slots and the chunks in them, whether its assembly slot runs a sound or a merge, and how many uploaded assets its cache holds.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.NodeSlots")]
public sealed record NodeSlots(
    [property: Id(0)] string NodeId,
    [property: Id(1)] int Slots,
    [property: Id(2)] int Running,
    [property: Id(3)] bool Assembling = false,
    [property: Id(4)] int AssetsHeld = 0);

/// <summary>The scheduler's view: slots per node, queue length, its latest dispatches (oldest first), whether the pool is paused, and the jobs with work queued or running.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.SchedulerSnapshot")]
public sealed record SchedulerSnapshot(
    [property: Id(0)] IReadOnlyList<NodeSlots> Nodes,
    [property: Id(1)] int Queued,
    [property: Id(2)] int Running,
    [property: Id(3)] long DispatchedTotal,
    [property: Id(4)] IReadOnlyList<Dispatch> RecentDispatches,
    [property: Id(5)] int ActiveJobs,
    [property: Id(6)] bool Paused = false)
{
    [Id(7)] public IReadOnlyList<QueuedJob> Jobs { get; init; } = [];
}
