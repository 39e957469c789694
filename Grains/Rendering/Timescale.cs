using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// Container timescales that are exact multiples of the frame rate, so frame durations are whole
/// ticks and concatenated chunks neither gain nor lose a frame at a seam.
/// </summary>
public static class Timescale
{
    private const int MinimumTicksPerSecond = 10_000;

    public static int For(Rational frameRate)
    {
        var perFrameTicks = frameRate.Numerator;
        var multiple = (MinimumTicksPerSecond + perFrameTicks - 1) / perFrameTicks;
        return perFrameTicks * Math.Max(1, multiple);
    }
}
