namespace RenderFarm.Rendering;

/// <summary>
/// One piece of sound placed on the timeline, in samples of the output's rate: <see cref="Length"/>
/// samples of the file from <see cref="SourceStart"/> on, heard from <see cref="Start"/>, with its gain and fades.
/// </summary>
public sealed record SoundPlacement(string Path, long SourceStart, long Start, long Length, double Volume, long FadeIn, long FadeOut)
{
    public long End => Start + Length;
}
