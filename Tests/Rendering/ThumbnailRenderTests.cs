using System.Text;
using RenderFarm.Rendering;
using RenderFarm.Sandbox;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Rendering;

/// <summary>
/// A chunk's run that also writes a still of its picture: the chunk file is byte for byte the one written
/// without it, and the still is a JPEG of the set width and the output's aspect, in or out of the sandbox.
/// </summary>
public sealed class ThumbnailRenderTests : IDisposable
{
    private const int Frames = 200;
    private static readonly ThumbnailOptions Thumbnails = new() { Width = 160, Every = TimeSpan.FromMilliseconds(100) };
    private readonly TestDirectory directory = new("thumbs");

    public void Dispose() => directory.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_chunk_is_the_same_bytes_with_a_still_and_the_still_is_a_small_jpeg(bool sandboxed)
    {
        var timeline = await SampleMedia.ResolveAsync(FarmTimelines.Small(Frames, "still") with
        {
            Output = new OutputSpec { Width = 640, Height = 360, FrameRate = new Rational(25, 1), DurationFrames = Frames },
        });
        var runner = new FfmpegRunner(sandbox: sandboxed ? new SandboxOptions { Enabled = true } : null);
        var options = new RenderEngineOptions { WorkDirectory = directory.File("work") };
        var range = new FrameRange(40, 120);
        var plain = directory.File("plain/chunk.mp4");
        var watched = directory.File("watched/chunk.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(plain)!);
        Directory.CreateDirectory(Path.GetDirectoryName(watched)!);

        await new ChunkRenderer(runner, options, threads: 2).RenderAsync(timeline, range, plain, null, Ct);
        var log = new LineLog();
        var watch = new FfmpegRunWatch(log);
        byte[]? still = null;
        var progress = new SynchronousProgress<int>(_ =>
        {
            if (watch.StillPath is { } path && File.Exists(path))
                still = File.ReadAllBytes(path);
        });
        await new ChunkRenderer(runner, options, threads: 2, Thumbnails).RenderAsync(timeline, range, watched, progress, Ct, watch: watch);

        Assert.Equal(await File.ReadAllBytesAsync(plain, Ct), await File.ReadAllBytesAsync(watched, Ct));
        Assert.NotNull(still);
        Assert.Equal([0xFF, 0xD8], still[..2]);
        var copy = directory.File("still.jpg");
        await File.WriteAllBytesAsync(copy, still, Ct);
        var probed = Encoding.UTF8.GetString(await ProcessRunner.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", copy])).Trim();
        Assert.Equal("mjpeg,160,90", probed);
        Assert.Contains(log.Lines, line => line.StartsWith("frame=", StringComparison.Ordinal));
        Assert.False(File.Exists(watch.StillPath), "the still is removed with the render's temporary files");
    }

    private sealed class LineLog : IFfmpegLog
    {
        private readonly List<string> lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines)
                    return [.. lines];
            }
        }

        public void Line(string line)
        {
            lock (lines)
                lines.Add(line);
        }
    }
}
