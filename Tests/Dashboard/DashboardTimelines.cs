using RenderFarm.Tests.Farm;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Dashboard;

public static class DashboardTimelines
{
    /// <summary>24 s of 720p (both 12 s sample clips, then the music): chunks of some seconds each on one node, long enough to watch, pause and resume.</summary>
    public static Timeline Watchable(string title)
    {
        var small = FarmTimelines.Small(600, title);
        return small with
        {
            Output = new OutputSpec { Width = 1280, Height = 720, FrameRate = new Rational(25, 1), DurationFrames = 600 },
            Assets = new Dictionary<string, AssetRef>(small.Assets) { ["b"] = new() { Path = "b.mp4" } },
            VideoTracks =
            [
                new VideoTrack
                {
                    Clips =
                    [
                        new VideoClip { Asset = "a", Start = 0, Duration = 300, Fit = Fit.Cover },
                        new VideoClip { Asset = "b", Start = 300, Duration = 300, Fit = Fit.Cover },
                    ],
                },
                small.VideoTracks[1],
            ],
            AudioTracks = [new AudioTrack { Clips = [new AudioClip { Asset = "music", Start = 0, Duration = 500 }] }],
            Render = new RenderSettings { Preset = QualityPreset.Standard },
        };
    }
}
