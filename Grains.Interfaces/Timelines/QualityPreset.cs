namespace RenderFarm.Timelines;

[GenerateSerializer, Alias("RenderFarm.QualityPreset")]
public enum QualityPreset
{
    Draft,
    Standard,
    High,
    Master,
}
