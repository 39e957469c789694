using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>Converts timeline frames to seconds and sample counts exactly, with one rounding rule.</summary>
public sealed class TimelineClock(Rational frameRate, int sampleRate)
{
    public Rational FrameRate { get; } = frameRate;

    public double Seconds(long frames) => FrameRate.SecondsAt(frames);

    /// <summary>The first audio sample of a frame, so that adjacent frames tile samples with no gap.</summary>
    public long Sample(long frame) =>
        (long)Math.Round((decimal)frame * sampleRate * FrameRate.Denominator / FrameRate.Numerator, MidpointRounding.AwayFromZero);

    public string RateExpression => $"{FrameRate.Numerator}/{FrameRate.Denominator}";
}
