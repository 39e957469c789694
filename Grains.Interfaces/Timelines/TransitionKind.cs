namespace RenderFarm.Timelines;

[GenerateSerializer, Alias("RenderFarm.TransitionKind")]
public enum TransitionKind
{
    Crossfade,
}
