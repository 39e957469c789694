namespace RenderFarm.Timelines;

[GenerateSerializer, Immutable, Alias("RenderFarm.AudioTrack")]
public sealed record AudioTrack
{
    [Id(0)] public IReadOnlyList<AudioClip> Clips { get; init; } = [];
}
