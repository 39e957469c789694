using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>Sound from an asset placed on the timeline; all positions in output frames.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.AudioClip")]
public sealed record AudioClip
{
    [Id(0), JsonRequired] public string Asset { get; init; } = "";
    [Id(1)] public int SourceIn { get; init; }
    [Id(2), JsonRequired] public int Start { get; init; }
    [Id(3), JsonRequired] public int Duration { get; init; }
    [Id(4)] public double Volume { get; init; } = 1.0;
    [Id(5)] public int FadeIn { get; init; }
    [Id(6)] public int FadeOut { get; init; }

    public int End => Start + Duration;
}
