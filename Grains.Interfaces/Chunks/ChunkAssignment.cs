using RenderFarm.Rendering;

namespace RenderFarm.Chunks;

/// <summary>The scheduler's order to render a chunk: which attempt in which lane, and on which node (silo).</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ChunkAssignment")]
public sealed record ChunkAssignment(
    [property: Id(0)] ChunkKey Chunk,
    [property: Id(1)] FrameRange Range,
    [property: Id(2)] int Attempt,
    [property: Id(3)] string Node,
    [property: Id(4)] SiloAddress Silo,
    [property: Id(5)] int Lane = ChunkKey.PrimaryLane)
{
    public ChunkReport Report => new(Chunk, Attempt, Node, Lane);
}
