using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>
/// A media file: named relative to the assets root, optionally pinned by its SHA-256; or, when
/// <see cref="Stored"/>, uploaded to the farm's store and found there by its SHA-256 alone, the path
/// being the name it had where it came from.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.AssetRef")]
public sealed record AssetRef
{
    [Id(0), JsonRequired] public string Path { get; init; } = "";
    [Id(1)] public string? Sha256 { get; init; }
    [Id(2)] public bool Stored { get; init; }
}
