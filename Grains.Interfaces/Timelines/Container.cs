namespace RenderFarm.Timelines;

[GenerateSerializer, Alias("RenderFarm.Container")]
public enum Container
{
    Mp4,
    Mov,
    Mkv,
}
