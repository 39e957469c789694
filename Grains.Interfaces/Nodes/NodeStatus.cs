namespace RenderFarm.Nodes;

[GenerateSerializer, Immutable, Alias("RenderFarm.NodeStatus")]
public sealed record NodeStatus(
    [property: Id(0)] NodeInfo Info,
    [property: Id(1)] NodeState State,
    [property: Id(2)] NodeLoad Load,
    [property: Id(3)] DateTimeOffset RegisteredAt,
    [property: Id(4)] DateTimeOffset LastReportAt);
