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
    /// <summary>The machine's CPU busy share over the last report period, 0..1; null where the node cannot read it.</summary>
    [Id(5)] public double? CpuShare { get; init; }
    /// <summary>The machine's memory in use (total less available); null where the node cannot read it.</summary>
    [Id(6)] public long? MemoryUsedBytes { get; init; }
    [Id(7)] public long? MemoryTotalBytes { get; init; }
}
