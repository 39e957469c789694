namespace RenderFarm.Timelines;

[GenerateSerializer, Alias("RenderFarm.ClipKind")]
public enum ClipKind
{
    Video,
    Image,
    Color,
    Title,
}
