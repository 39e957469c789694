using RenderFarm.Chunks;
using RenderFarm.Rendering;

namespace RenderFarm.Scheduling;

/// <summary>A chunk waiting for a slot.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ChunkWork")]
public sealed record ChunkWork([property: Id(0)] ChunkKey Chunk, [property: Id(1)] FrameRange Range);
