using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>
/// A video editor's timeline: what to render, from which media, with which settings.
/// Positions and durations are in output frames so that every chunk boundary is frame-exact.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Timeline")]
public sealed record Timeline
{
    public const int CurrentVersion = 1;

    [Id(0), JsonRequired] public int Version { get; init; }
    [Id(1), JsonRequired] public OutputSpec Output { get; init; } = null!;
    [Id(2)] public IReadOnlyDictionary<string, AssetRef> Assets { get; init; } = new Dictionary<string, AssetRef>();
    [Id(3)] public IReadOnlyList<VideoTrack> VideoTracks { get; init; } = [];
    [Id(4)] public IReadOnlyList<AudioTrack> AudioTracks { get; init; } = [];
    [Id(5)] public RenderSettings Render { get; init; } = new();
}
