using RenderFarm.Rendering;

namespace RenderFarm.Tests.Support;

/// <summary>Cuts without snapping to clip boundaries, so that cuts land inside transitions on purpose.</summary>
public static class EvenSplit
{
    public static IReadOnlyList<FrameRange> Of(int totalFrames, int count) =>
        Enumerable.Range(0, count)
            .Select(i => new FrameRange(i * totalFrames / count, (i + 1) * totalFrames / count - i * totalFrames / count))
            .ToList();
}
