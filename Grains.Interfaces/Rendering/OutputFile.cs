namespace RenderFarm.Rendering;

/// <summary>A job's finished file: its key in the farm's media store, where that is for people, its size and SHA-256.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.OutputFile")]
public sealed record OutputFile(
    [property: Id(0)] string Key,
    [property: Id(1)] string Location,
    [property: Id(2)] long Bytes,
    [property: Id(3)] string? Sha256);
