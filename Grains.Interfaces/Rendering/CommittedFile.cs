namespace RenderFarm.Rendering;

/// <summary>A file a piece of work committed to the media store: its key, its size, and its SHA-256 where it was taken.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.CommittedFile")]
public sealed record CommittedFile(
    [property: Id(0)] string Key,
    [property: Id(1)] long Bytes,
    [property: Id(2)] string? Sha256 = null,
    /// <summary>For a chunk stopped before the end of its range: the frames it holds, from the range's start.</summary>
    [property: Id(3)] int? Frames = null);
