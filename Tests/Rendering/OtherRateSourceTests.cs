using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Rendering;

/// <summary>
/// Sources at another frame rate than the timeline: every output frame shows the source frame that is on
/// screen at the moment the output frame starts, the last one whose start is not after it, in one chunk
/// or in several.
/// </summary>
public sealed class OtherRateSourceTests
{
    private const int Width = 192;
    private const int Height = 108;
    private const int DurationFrames = 210;
    private const int SecondClipStart = 99;
    private const int GapFrames = 4;
    /// <summary>What the white background reads as: every barcode cell set.</summary>
    private const int Background = 4095;

    /// <summary>Source rate, timeline rate, the first clip's source in-point and the second's (it starts mid-timeline, after a gap).</summary>
    public static TheoryData<string, string, int, int> Rates => new()
    {
        // Every output frame starts exactly on a source frame: that frame, never the one before.
        { "60", "30", 7, 13 },
        { "30", "60", 5, 8 },
        // The issue's case: output frame 200 starts at source frame 202.2 of the second clip.
        { "60", "30000/1001", 7, 0 },
        { "24", "30000/1001", 5, 31 },
        { "25", "30000/1001", 11, 3 },
        { "30000/1001", "25", 9, 17 },
    };

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task Every_frame_shows_the_source_frame_on_screen_at_its_start(string sourceRate, string timelineRate, int firstSourceIn, int secondSourceIn)
    {
        Assert.True(Rational.TryParse(sourceRate, out var source));
        Assert.True(Rational.TryParse(timelineRate, out var rate));
        using var directory = new TestDirectory("other-rate");
        var clips = new[]
        {
            new VideoClip { Asset = "src", SourceIn = firstSourceIn, Start = 0, Duration = SecondClipStart - GapFrames, Fit = Fit.Stretch, Audio = false },
            new VideoClip { Asset = "src", SourceIn = secondSourceIn, Start = SecondClipStart, Duration = DurationFrames - SecondClipStart, Fit = Fit.Stretch, Audio = false },
        };
        var sourceSeconds = clips.Max(c => rate.SecondsAt(c.SourceIn + c.Duration)) + 0.5;
        await TestMedia.CreateNumberedVideoAsync(directory.File("src.mp4"), sourceRate, (int)Math.Ceiling(sourceSeconds * source.Value), Width, Height, TestContext.Current.CancellationToken);
        var timeline = await TimelineLoader.ResolveAsync(new Timeline
        {
            Version = 1,
            Output = new OutputSpec { Width = Width, Height = Height, FrameRate = rate, DurationFrames = DurationFrames, Background = "#FFFFFF" },
            Assets = new Dictionary<string, AssetRef> { ["src"] = new() { Path = "src.mp4" } },
            VideoTracks = [new VideoTrack { Clips = clips }],
            Render = new RenderSettings { Preset = QualityPreset.Draft },
        }, directory.Path, TestContext.Current.CancellationToken);

        var expected = Enumerable.Range(0, DurationFrames)
            .Select(frame => clips.FirstOrDefault(c => c.Start <= frame && frame < c.End) is { } clip
                ? OnScreen(clip.SourceIn + frame - clip.Start, rate, source)
                : Background)
            .ToList();
        var engine = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions { WorkDirectory = directory.File("work") });
        foreach (var chunks in new[] { 1, 4 })
        {
            var report = await engine.RenderAsync(timeline, EvenSplit.Of(DurationFrames, chunks), directory.File($"out-{chunks}.mp4"),
                cancellationToken: TestContext.Current.CancellationToken);
            var shown = await FrameBarcode.ReadAllAsync(report.OutputPath, Width, Height);

            var wrong = Enumerable.Range(0, Math.Min(shown.Count, expected.Count)).Where(f => shown[f] != expected[f])
                .Select(f => $"frame {f} shows {shown[f]}, on screen is {expected[f]}").Take(8);
            Assert.True(shown.SequenceEqual(expected),
                $"{sourceRate} fps source in a {timelineRate} timeline, {chunks} chunk(s), {shown.Count} frames: {string.Join("; ", wrong)}");
        }
    }

    /// <summary>
    /// The source frame on screen when the clip has played <paramref name="clipFrames"/> timeline frames
    /// from the start of its source: floor(clipFrames / rate * sourceRate), in exact integers.
    /// </summary>
    private static int OnScreen(long clipFrames, Rational rate, Rational source) =>
        (int)(clipFrames * rate.Denominator * source.Numerator / ((long)rate.Numerator * source.Denominator));
}
