namespace RenderFarm.Chunks;

/// <summary>Which attempt of which chunk, in which lane, on which node a report is about.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ChunkReport")]
public sealed record ChunkReport(
    [property: Id(0)] ChunkKey Chunk,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Node,
    [property: Id(3)] int Lane = ChunkKey.PrimaryLane);
