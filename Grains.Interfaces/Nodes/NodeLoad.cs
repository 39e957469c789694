namespace RenderFarm.Nodes;

/// <summary>A node's counters as its render worker sees them.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.NodeLoad")]
public sealed record NodeLoad
{
    /// <summary>The chunks rendering now (a sound or a merge runs beside them, in the node's assembly slot).</summary>
    [Id(0)] public int Running { get; init; }
    /// <summary>The most chunks this node has ever rendered at once.</summary>
    [Id(1)] public int MostAtOnce { get; init; }
    [Id(2)] public long ChunksRendered { get; init; }
    [Id(3)] public long ChunksFailed { get; init; }
    [Id(4)] public long FramesRendered { get; init; }
}
