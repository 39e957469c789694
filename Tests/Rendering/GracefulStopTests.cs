using System.Diagnostics;
using RenderFarm.Rendering;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Rendering;

/// <summary>
/// A chunk render asked to finish early (as a reclaim does) leaves a verified chunk of the frames it
/// finished, starting on a keyframe; with a render of the rest it joins into the frames of a whole render.
/// </summary>
public sealed class GracefulStopTests
{
    private const int Frames = 150;

    private static Timeline Timeline() => FarmTimelines.Small(Frames, "stop") with
    {
        Output = new OutputSpec { Width = 640, Height = 360, FrameRate = new Rational(25, 1), DurationFrames = Frames },
        Render = new RenderSettings { Preset = QualityPreset.High },
    };

    [Fact]
    public async Task A_render_stopped_mid_chunk_commits_its_finished_frames_and_with_the_rest_joins_frame_exact()
    {
        var ct = TestContext.Current.CancellationToken;
        var timeline = await SampleMedia.ResolveAsync(Timeline());
        using var directory = new TestDirectory("graceful-stop");
        var runner = new FfmpegRunner();
        var options = new RenderEngineOptions { WorkDirectory = directory.File("work") };
        var renderer = new ChunkRenderer(runner, options);
        var whole = new FrameRange(0, Frames);

        // Stopped once a third of the chunk is encoded.
        using var finishEarly = new CancellationTokenSource();
        var stopAsked = Stopwatch.StartNew();
        var progress = new SynchronousProgress<int>(done =>
        {
            if (done >= Frames / 3 && !finishEarly.IsCancellationRequested)
            {
                stopAsked.Restart();
                finishEarly.Cancel();
            }
        });
        var first = directory.File("first.mp4");
        var facts = await renderer.RenderAsync(timeline, whole, first, progress, ct, finishEarly.Token);
        var stopToCommit = stopAsked.Elapsed;

        var kept = (int)facts.VideoFrames;
        Assert.InRange(kept, Frames / 3, Frames - 1);
        Assert.Equal(kept, (await MediaProbe.ProbeAsync(first, ct)).VideoFrames);
        Assert.True(await StartsOnKeyframeAsync(first), "the chunk does not start on a keyframe");
        Assert.True(stopToCommit < TimeSpan.FromSeconds(10), $"stop to commit took {stopToCommit}");
        Assert.Empty(Directory.EnumerateFiles(directory.Path, "*.partial*"));

        var rest = directory.File("rest.mp4");
        await renderer.RenderAsync(timeline, new FrameRange(kept, Frames - kept), rest, null, ct);
        var audio = directory.File("audio.m4a");
        await new AudioRenderer(runner).RenderAsync(timeline, audio, ct);
        var joined = directory.File("joined.mp4");
        // Given in the order the farm plans them: the rest is the newer chunk.
        await new ChunkMerger(runner).MergeAsync(timeline, [new ChunkFile(new FrameRange(kept, Frames - kept), rest), new ChunkFile(new FrameRange(0, kept), first)], audio, joined, ct);

        // The same cut planned from the start renders the very same frames: the stop changed nothing in what was kept.
        var planned = directory.File("planned.mp4");
        await new RenderEngine(runner, options).RenderAsync(timeline, [new FrameRange(0, kept), new FrameRange(kept, Frames - kept)], planned, cancellationToken: ct);
        Assert.Equal(await FrameHashesAsync(planned), await FrameHashesAsync(joined));

        // Against a render in one piece: the same number of frames, each showing the same source frame.
        var single = directory.File("single.mp4");
        await new RenderEngine(runner, options).RenderAsync(timeline, [whole], single, cancellationToken: ct);
        Assert.Equal(Frames, (await MediaProbe.ProbeAsync(joined, ct)).VideoFrames);
        Assert.Equal(await FrameBarcode.ReadAllAsync(single, 640, 360), await FrameBarcode.ReadAllAsync(joined, 640, 360));
        var psnr = await Psnr.PerFrameAsync(single, joined);
        Assert.Equal(Frames, psnr.Count);
        Assert.True(psnr.Min() > 35, $"lowest per-frame PSNR {psnr.Min():0.0} dB");
        TestContext.Current.TestOutputHelper?.WriteLine($"kept {kept} of {Frames} frames; stop to commit {stopToCommit.TotalMilliseconds:0} ms; lowest PSNR against one piece {psnr.Min():0.0} dB");
    }

    /// <summary>Per-frame MD5 of the decoded video, without the header lines.</summary>
    private static async Task<IReadOnlyList<string>> FrameHashesAsync(string path)
    {
        var output = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-map", "0:v:0", "-f", "framemd5", "-"]);
        return System.Text.Encoding.UTF8.GetString(output).Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }

    private static async Task<bool> StartsOnKeyframeAsync(string path)
    {
        var output = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1", "-show_entries", "frame=key_frame", "-of", "csv=p=0", path]);
        return System.Text.Encoding.UTF8.GetString(output).Trim().StartsWith('1');
    }
}
