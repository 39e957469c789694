using RenderFarm.Timelines;

namespace RenderFarm.Benchmarks;

internal static class Timelines
{
    /// <summary>A timeline with no media to probe: the benchmarks that use it measure the farm, not ffprobe.</summary>
    public static Timeline ColourOnly(int frames) => new()
    {
        Version = Timeline.CurrentVersion,
        Output = new OutputSpec { Width = 320, Height = 180, FrameRate = new Rational(24, 1), DurationFrames = frames },
        VideoTracks = [new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Color, Color = "#336699", Start = 0, Duration = frames }] }],
    };
}
