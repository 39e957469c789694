using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Rendering;

/// <summary>A 30000/1001 timeline fed by a 1000x562 source at the same rate and a 1080p source at 30 fps.</summary>
public sealed class OddRateAndSizeTests
{
    private static readonly Rational NtscRate = new(30000, 1001);
    private const int OddClipEnd = 90;

    private static Timeline OddTimeline() => new()
    {
        Version = 1,
        Output = new OutputSpec { Width = 1920, Height = 1080, FrameRate = NtscRate, DurationFrames = 150 },
        Assets = new Dictionary<string, AssetRef> { ["odd"] = new() { Path = "odd.mp4" }, ["a"] = new() { Path = "a.mp4" } },
        VideoTracks =
        [
            new VideoTrack
            {
                Clips =
                [
                    new VideoClip { Asset = "odd", SourceIn = 17, Start = 0, Duration = OddClipEnd, Fit = Fit.Stretch },
                    new VideoClip { Asset = "a", SourceIn = 41, Start = OddClipEnd, Duration = 60, Fit = Fit.Cover },
                ],
            },
        ],
        Render = new RenderSettings { Preset = QualityPreset.Standard },
    };

    [Fact]
    public async Task Ntsc_rate_and_odd_source_size_render_frame_exact_in_any_chunking()
    {
        var timeline = await SampleMedia.ResolveAsync(OddTimeline());
        using var directory = new TestDirectory("odd");
        var engine = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions { WorkDirectory = directory.File("work") });
        var single = await engine.RenderAsync(timeline, EvenSplit.Of(150, 1), directory.File("one.mp4"), cancellationToken: TestContext.Current.CancellationToken);
        var chunked = await engine.RenderAsync(timeline, EvenSplit.Of(150, 4), directory.File("four.mp4"), cancellationToken: TestContext.Current.CancellationToken);

        foreach (var report in new[] { single, chunked })
        {
            Assert.Equal(150, report.Output.VideoFrames);
            Assert.Equal(150 * 1001 / 30000.0, report.Output.VideoDurationSeconds, precision: 3);
            Assert.Equal((1920, 1080), (report.Output.Width, report.Output.Height));
        }
        var psnr = await Psnr.PerFrameAsync(single.OutputPath, chunked.OutputPath);
        Assert.True(psnr.Min() >= 40, $"minimum PSNR {psnr.Min():0.0} dB");

        var odd = await FrameBarcode.ReadAllAsync(timeline.Assets["odd"].FullPath, 1000, 562);
        var a = await FrameBarcode.ReadAllAsync(timeline.Assets["a"].FullPath, 1920, 1080);
        foreach (var output in new[] { single.OutputPath, chunked.OutputPath })
        {
            var shown = await FrameBarcode.ReadAllAsync(output, 1920, 1080);
            for (var frame = 0; frame < 150; frame++)
            {
                var expected = frame < OddClipEnd ? odd[17 + frame] : a[SourceFrameAt30Fps(frame)];
                Assert.True(expected == shown[frame], $"{Path.GetFileName(output)} frame {frame}: shows {shown[frame]}, expected {expected}");
            }
        }
    }

    /// <summary>
    /// The 30 fps source frame shown at a 30000/1001 output frame: the one on screen when the output
    /// frame starts, (41 + frame - 90) * 1001/30000 s into the source, floor of that times 30, exactly.
    /// </summary>
    private static int SourceFrameAt30Fps(int frame) => (41 + frame - OddClipEnd) * 1001 * 30 / 30000;
}
