using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>
/// A crossfade between <c>clips[FromClip]</c> and the clip after it on the same track. The two clips
/// must overlap by exactly <see cref="Duration"/> frames; over the overlap the second clip fades in
/// over the first.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Transition")]
public sealed record Transition
{
    [Id(0)] public TransitionKind Kind { get; init; } = TransitionKind.Crossfade;
    [Id(1)] public int FromClip { get; init; }
    [Id(2), JsonRequired] public int Duration { get; init; }
}
