namespace RenderFarm.Timelines;

[GenerateSerializer, Immutable, Alias("RenderFarm.AudioFormat")]
public sealed record AudioFormat
{
    public static readonly IReadOnlyList<string> SupportedChannelLayouts = ["mono", "stereo", "5.1"];

    [Id(0)] public int SampleRate { get; init; } = 48000;
    [Id(1)] public string ChannelLayout { get; init; } = "stereo";
}
