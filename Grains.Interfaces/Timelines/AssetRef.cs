namespace RenderFarm.Timelines;

/// <summary>A media file, named relative to the assets root, optionally pinned by its SHA-256.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.AssetRef")]
public sealed record AssetRef
{
    [Id(0)] public string Path { get; init; } = "";
    [Id(1)] public string? Sha256 { get; init; }
}
