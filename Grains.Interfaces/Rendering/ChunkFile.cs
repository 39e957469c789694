namespace RenderFarm.Rendering;

/// <summary>A committed chunk file and the frames it holds.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ChunkFile")]
public sealed record ChunkFile([property: Id(0)] FrameRange Range, [property: Id(1)] string Path);
