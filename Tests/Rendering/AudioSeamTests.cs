using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Rendering;

public sealed class AudioSeamTests
{
    /// <summary>
    /// A steady 440 Hz tone of peak A changes by at most 2π·440/48000·A between samples; a gap or a
    /// click at a seam jumps by about A. Twice the smooth bound leaves room for the AAC coding noise.
    /// </summary>
    private static double LargestSmoothStep(double peak) => 2 * 2 * Math.PI * 440 / 48000 * peak;

    [Fact]
    public async Task A_continuous_tone_stays_continuous_across_every_chunk_seam()
    {
        var timeline = await SampleMedia.ResolveAsync(new Timeline
        {
            Version = 1,
            Output = new OutputSpec { Width = 320, Height = 180, FrameRate = new Rational(30, 1), DurationFrames = 180 },
            Assets = new Dictionary<string, AssetRef> { ["a"] = new() { Path = "a.mp4" } },
            VideoTracks = [new VideoTrack { Clips = [new VideoClip { Asset = "a", SourceIn = 5, Start = 0, Duration = 180, Audio = true }] }],
            Render = new RenderSettings { Preset = QualityPreset.Draft },
        });
        using var directory = new TestDirectory("seams");
        var engine = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions { WorkDirectory = directory.File("work") });
        var chunks = EvenSplit.Of(180, 6);
        var report = await engine.RenderAsync(timeline, chunks, directory.File("out.mp4"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.InRange(Math.Abs(report.Output.AudioDurationSeconds - report.Output.VideoDurationSeconds), 0, 1024.0 / 48000);
        var samples = await LeftChannelAsync(report.OutputPath);
        Assert.InRange(samples.Length, 48000 * 6, 48000 * 6 + 1024);
        var peak = samples.Skip(4800).Take(samples.Length - 9600).Max(Math.Abs);
        foreach (var seam in chunks.Skip(1).Select(c => c.Start * 48000 / 30))
        {
            var around = Enumerable.Range(seam - 480, 960);
            var step = around.Max(i => Math.Abs(samples[i + 1] - samples[i]));
            Assert.True(step < LargestSmoothStep(peak), $"a jump of {step:0.0000} near the seam at sample {seam}");
            Assert.True(around.Max(i => Math.Abs(samples[i])) > 0.9 * peak, $"silence near the seam at sample {seam}");
        }
    }

    private static async Task<float[]> LeftChannelAsync(string path)
    {
        var bytes = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-map", "0:a", "-af", "pan=mono|c0=c0", "-f", "f32le", "-"]);
        var samples = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 4);
        return samples;
    }
}
