namespace RenderFarm.Nodes;

/// <summary>A render node, the silo its chunks are placed on, and the pool whose scheduler it serves.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.NodeInfo")]
public sealed record NodeInfo(
    [property: Id(0)] string NodeId,
    [property: Id(1)] SiloAddress Silo,
    [property: Id(2)] NodeCapabilities Capabilities,
    [property: Id(3)] string Pool);
