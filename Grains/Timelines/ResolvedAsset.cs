namespace RenderFarm.Timelines;

/// <summary>An asset after its path was checked against the assets root and its media probed.</summary>
public sealed record ResolvedAsset(
    string Id,
    string FullPath,
    bool IsStillImage,
    bool HasVideo,
    bool HasAudio,
    int Width,
    int Height,
    /// <summary>Length of the media in seconds; infinite for a still image.</summary>
    double DurationSeconds);
