namespace RenderFarm.Timelines;

/// <summary>
/// How the result is encoded. The preset picks codec, quality and container; each may be overridden.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.RenderSettings")]
public sealed record RenderSettings
{
    [Id(0)] public QualityPreset Preset { get; init; } = QualityPreset.Standard;
    [Id(1)] public VideoCodec? Codec { get; init; }
    [Id(2)] public Container? Container { get; init; }
    /// <summary>Constant rate factor (H.264/H.265): lower is better; 0-51.</summary>
    [Id(3)] public int? Crf { get; init; }
    /// <summary>Average video bitrate instead of a CRF.</summary>
    [Id(4)] public int? VideoBitrateKbps { get; init; }
}
