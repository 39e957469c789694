namespace RenderFarm.Chunks;

/// <summary>Which attempt of which chunk on which node a report is about; stale attempts are ignored.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ChunkReport")]
public sealed record ChunkReport([property: Id(0)] ChunkKey Chunk, [property: Id(1)] int Attempt, [property: Id(2)] string Node);
