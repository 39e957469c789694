using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>
/// A piece of picture on a video track: a video or still image asset, a solid colour or a text title.
/// <see cref="Start"/> and <see cref="Duration"/> are timeline frames; <see cref="SourceIn"/> is the
/// offset into the source, also counted in output frames.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.VideoClip")]
public sealed record VideoClip
{
    [Id(0)] public ClipKind Kind { get; init; } = ClipKind.Video;
    [Id(1)] public string? Asset { get; init; }
    [Id(2)] public int SourceIn { get; init; }
    [Id(3), JsonRequired] public int Start { get; init; }
    [Id(4), JsonRequired] public int Duration { get; init; }
    [Id(5)] public Fit Fit { get; init; } = Fit.Contain;
    [Id(6)] public Transform Transform { get; init; } = Transform.FullFrame;
    [Id(7)] public double Opacity { get; init; } = 1.0;
    [Id(8)] public int FadeIn { get; init; }
    [Id(9)] public int FadeOut { get; init; }
    /// <summary>Whether a video clip's own sound is heard.</summary>
    [Id(10)] public bool Audio { get; init; } = true;
    [Id(11)] public double Volume { get; init; } = 1.0;
    /// <summary>Fill of a colour clip, <c>#RRGGBB</c> or <c>#RRGGBBAA</c>.</summary>
    [Id(12)] public string? Color { get; init; }
    [Id(13)] public TitleStyle? Title { get; init; }

    public int End => Start + Duration;
}
