namespace RenderFarm.Timelines;

/// <summary>
/// An asset after its path was checked against the assets root, or its upload found in the store, and
/// its media probed. <see cref="FullPath"/> is where the node that checked it read it; an uploaded asset
/// (<see cref="StoredSha256"/> set) is read elsewhere from each node's own copy.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ResolvedAsset")]
public sealed record ResolvedAsset(
    [property: Id(0)] string Id,
    [property: Id(1)] string FullPath,
    [property: Id(2)] bool IsStillImage,
    [property: Id(3)] bool HasVideo,
    [property: Id(4)] bool HasAudio,
    [property: Id(5)] int Width,
    [property: Id(6)] int Height,
    /// <summary>Length of the media in seconds; infinite for a still image.</summary>
    [property: Id(7)] double DurationSeconds,
    [property: Id(8)] string? StoredSha256 = null);
