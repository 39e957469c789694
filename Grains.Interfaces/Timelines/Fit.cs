namespace RenderFarm.Timelines;

/// <summary>How a picture fills its box: whole picture inside (contain), box filled and cropped (cover), or distorted to the box (stretch).</summary>
[GenerateSerializer, Alias("RenderFarm.Fit")]
public enum Fit
{
    Contain,
    Cover,
    Stretch,
}
