using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>The frame the timeline renders to: size, rate, length, background and audio format.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.OutputSpec")]
public sealed record OutputSpec
{
    [Id(0), JsonRequired] public int Width { get; init; }
    [Id(1), JsonRequired] public int Height { get; init; }
    [Id(2), JsonRequired] public Rational FrameRate { get; init; }
    [Id(3), JsonRequired] public int DurationFrames { get; init; }
    /// <summary>Colour behind every track, <c>#RRGGBB</c>.</summary>
    [Id(4)] public string Background { get; init; } = "#000000";
    [Id(5)] public AudioFormat Audio { get; init; } = new();
}
