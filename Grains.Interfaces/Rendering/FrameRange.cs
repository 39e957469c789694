namespace RenderFarm.Rendering;

/// <summary>A half-open range of output frames [Start, Start + Count).</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.FrameRange")]
public readonly record struct FrameRange([property: Id(0)] int Start, [property: Id(1)] int Count)
{
    public int End => Start + Count;

    public bool Overlaps(int start, int end) => start < End && end > Start;

    public override string ToString() => $"[{Start}, {End})";
}
