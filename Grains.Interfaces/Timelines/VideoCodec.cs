namespace RenderFarm.Timelines;

[GenerateSerializer, Alias("RenderFarm.VideoCodec")]
public enum VideoCodec
{
    H264,
    H265,
    ProRes,
}
