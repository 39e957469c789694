using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;
using Xunit;

namespace RenderFarm.Tests.Rendering;

public sealed class FeatureSampleRenderTests(FeatureSampleRenders renders) : IClassFixture<FeatureSampleRenders>
{
    public static TheoryData<int> ChunkCounts => [.. FeatureSampleRenders.ChunkCounts];
    public static TheoryData<int> ChunkedCounts => [.. FeatureSampleRenders.ChunkCounts.Where(c => c > 1)];

    [Theory]
    [MemberData(nameof(ChunkCounts))]
    public async Task Every_chunking_has_the_timelines_frame_count_and_duration(int chunks)
    {
        var output = renders.Timeline.Output;
        var facts = await MediaProbe.ProbeAsync(renders.OutputFor(chunks), TestContext.Current.CancellationToken);

        Assert.Equal(output.DurationFrames, facts.VideoFrames);
        Assert.Equal((output.Width, output.Height), (facts.Width, facts.Height));
        Assert.Equal(7.0, facts.VideoDurationSeconds, precision: 3);
        Assert.InRange(Math.Abs(facts.AudioDurationSeconds - facts.VideoDurationSeconds), 0, 1024.0 / output.Audio.SampleRate);
    }

    [Theory]
    [MemberData(nameof(ChunkedCounts))]
    public async Task Chunked_renders_match_the_single_run_frame_by_frame(int chunks)
    {
        var psnr = await Psnr.PerFrameAsync(renders.OutputFor(1), renders.OutputFor(chunks));

        Assert.Equal(renders.Timeline.Output.DurationFrames, psnr.Count);
        foreach (var range in renders.Reports[chunks].Chunks.Skip(1))
        {
            Assert.True(psnr[range.Start - 1] >= 40, $"frame {range.Start - 1} before the cut at {range.Start}: {psnr[range.Start - 1]:0.0} dB");
            Assert.True(psnr[range.Start] >= 40, $"frame {range.Start} after the cut: {psnr[range.Start]:0.0} dB");
        }
        Assert.True(psnr.Min() >= 40, $"minimum PSNR {psnr.Min():0.0} dB at frame {IndexOfMin(psnr)}");
        Assert.True(psnr.Average() >= 45, $"mean PSNR {psnr.Average():0.0} dB");
    }

    [Fact]
    public void Some_cuts_fall_inside_crossfades()
    {
        var crossfades = renders.Timeline.Timeline.VideoTracks[0].Transitions
            .Select(t => (From: renders.Timeline.Timeline.VideoTracks[0].Clips[t.FromClip + 1].Start, t.Duration))
            .ToList();
        foreach (var chunks in ChunkedCounts.Select(c => (int)c.Data))
        {
            var cuts = renders.Reports[chunks].Chunks.Skip(1).Select(r => r.Start);
            Assert.Contains(cuts, cut => crossfades.Any(c => cut > c.From && cut < c.From + c.Duration));
        }
    }

    [Theory]
    [MemberData(nameof(ChunkCounts))]
    public async Task Every_frame_shows_the_source_frame_the_timeline_says(int chunks)
    {
        var timeline = renders.Timeline;
        var output = timeline.Output;
        var shown = await FrameBarcode.ReadAllAsync(renders.OutputFor(chunks), output.Width, output.Height);
        var sources = new Dictionary<string, IReadOnlyList<int>>();
        var checkedFrames = 0;

        for (var frame = 0; frame < output.DurationFrames; frame++)
        {
            if (SoleMainTrackClip(timeline.Timeline, frame) is not { } clip)
                continue;
            var asset = timeline.Assets[clip.Asset!];
            if (!sources.TryGetValue(asset.Id, out var sourceBarcodes))
                sources[asset.Id] = sourceBarcodes = await FrameBarcode.ReadAllAsync(asset.FullPath, asset.Width, asset.Height);
            var expected = sourceBarcodes[clip.SourceIn + frame - clip.Start];
            Assert.True(expected == shown[frame], $"frame {frame}: shows source frame {shown[frame]}, the timeline says {expected} ({asset.Id})");
            checkedFrames++;
        }
        Assert.True(checkedFrames >= output.DurationFrames / 2, $"only {checkedFrames} frames could be checked");
    }

    [Fact]
    public async Task The_sound_is_one_piece_whatever_the_chunking()
    {
        var single = await DecodedSoundAsync(renders.OutputFor(1));
        foreach (var chunks in ChunkedCounts.Select(c => (int)c.Data))
            Assert.Equal(single, await DecodedSoundAsync(renders.OutputFor(chunks)));
    }

    /// <summary>The one full-frame video clip of the bottom track at a frame outside any transition, if any.</summary>
    private static VideoClip? SoleMainTrackClip(Timeline timeline, int frame)
    {
        var covering = timeline.VideoTracks[0].Clips.Where(c => c.Start <= frame && frame < c.End).ToList();
        return covering is [{ Kind: ClipKind.Video, FadeIn: 0, FadeOut: 0, Opacity: 1 } clip] && clip.Transform == Transform.FullFrame
            ? clip
            : null;
    }

    private static Task<byte[]> DecodedSoundAsync(string path) =>
        ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-map", "0:a", "-f", "s16le", "-"]);

    private static int IndexOfMin(IReadOnlyList<double> values) => values.ToList().IndexOf(values.Min());
}
