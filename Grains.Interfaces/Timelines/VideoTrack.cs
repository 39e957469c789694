namespace RenderFarm.Timelines;

/// <summary>One layer of picture. Tracks are stacked in order: the first is at the bottom.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.VideoTrack")]
public sealed record VideoTrack
{
    [Id(0)] public IReadOnlyList<VideoClip> Clips { get; init; } = [];
    [Id(1)] public IReadOnlyList<Transition> Transitions { get; init; } = [];
}
