using RenderFarm.Interchange;
using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Interchange;

/// <summary>The feature sample's OTIO-expressible part, written to OTIO by the tests' writer and imported back.</summary>
public sealed class OtioRoundTripRenderTests
{
    [Theory]
    [InlineData("30")]
    [InlineData("25")]
    [InlineData("30000/1001")]
    [InlineData("24000/1001")]
    public async Task The_feature_sample_exported_to_OTIO_imports_back_as_the_same_timeline_at_any_rate(string rate)
    {
        Assert.True(Rational.TryParse(rate, out var frameRate));
        var sample = await OtioFeatureSample.LoadAsync(TestContext.Current.CancellationToken);
        var original = sample with { Output = sample.Output with { FrameRate = frameRate } };

        var imported = OtioImporter.Import(OtioWriter.Write(original, "feature"));

        Assert.Empty(imported.Warnings);
        Assert.Equal("feature", imported.Name);
        // The importer names assets after their files, so both sides are compared with clips naming paths.
        Assert.Equal(TimelineJson.Write(WithAssetsNamedByPath(original)), TimelineJson.Write(WithAssetsNamedByPath(imported.Timeline)));
    }

    [Fact]
    public async Task The_feature_sample_exported_to_OTIO_and_imported_back_renders_the_same_frames_as_the_original()
    {
        var original = await SampleMedia.ResolveAsync(await OtioFeatureSample.LoadAsync(TestContext.Current.CancellationToken));
        var imported = await SampleMedia.ResolveAsync(OtioImporter.Import(OtioWriter.Write(original.Timeline)).Timeline);
        using var directory = new TestDirectory("otio-round-trip");
        var engine = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions { WorkDirectory = directory.File("work") });
        var frames = original.Output.DurationFrames;

        var before = await engine.RenderAsync(original, EvenSplit.Of(frames, 1), directory.File("original.mp4"), cancellationToken: TestContext.Current.CancellationToken);
        var after = await engine.RenderAsync(imported, EvenSplit.Of(frames, 1), directory.File("imported.mp4"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(frames, before.Output.VideoFrames);
        Assert.Equal(before.Output.VideoFrames, after.Output.VideoFrames);
        Assert.Equal(before.Output.VideoDurationSeconds, after.Output.VideoDurationSeconds, precision: 6);
        Assert.Equal(before.Output.AudioDurationSeconds, after.Output.AudioDurationSeconds, precision: 6);
        var psnr = await Psnr.PerFrameAsync(before.OutputPath, after.OutputPath);
        Assert.Equal(frames, psnr.Count);
        Assert.True(psnr.Min() >= 40, $"minimum PSNR {psnr.Min():0.0} dB at frame {psnr.ToList().IndexOf(psnr.Min())}");
        Assert.Equal(
            await FrameBarcode.ReadAllAsync(before.OutputPath, OtioFeatureSample.Width, OtioFeatureSample.Height),
            await FrameBarcode.ReadAllAsync(after.OutputPath, OtioFeatureSample.Width, OtioFeatureSample.Height));
        Assert.Equal(await DecodedSoundAsync(before.OutputPath), await DecodedSoundAsync(after.OutputPath));
    }

    /// <summary>The timeline with every asset's id replaced by its path, so timelines that differ only in asset ids compare equal.</summary>
    private static Timeline WithAssetsNamedByPath(Timeline timeline) => timeline with
    {
        Assets = timeline.Assets.Values.OrderBy(a => a.Path, StringComparer.Ordinal).ToDictionary(a => a.Path, a => a),
        VideoTracks = timeline.VideoTracks
            .Select(t => t with { Clips = t.Clips.Select(c => c with { Asset = c.Asset is { } id ? timeline.Assets[id].Path : null }).ToList() })
            .ToList(),
        AudioTracks = timeline.AudioTracks
            .Select(t => t with { Clips = t.Clips.Select(c => c with { Asset = timeline.Assets[c.Asset].Path }).ToList() })
            .ToList(),
    };

    private static Task<byte[]> DecodedSoundAsync(string path) =>
        ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-map", "0:a", "-f", "s16le", "-"]);
}
