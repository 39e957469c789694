namespace RenderFarm.Costs;

/// <summary>
/// One run of a node's machine, from its registration to the last time it was seen, billed to its
/// pool's ledger under the machine's billing rule (its minimum once per run): the cluster's uptime.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.MachineRun")]
public sealed record MachineRun(
    [property: Id(0)] string Node,
    /// <summary>Tells runs of the same node apart (its silo's address and generation).</summary>
    [property: Id(1)] string Run,
    [property: Id(2)] InstancePrice Price,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset LastSeenAt);
