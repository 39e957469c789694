using System.Diagnostics;
using RenderFarm.Rendering;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Rendering;

public sealed class CancellationTests
{
    private static readonly TimeSpan ProcessGoneWithin = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Cancelling_a_chunk_render_stops_ffmpeg_within_two_seconds_and_leaves_no_files()
    {
        var timeline = await SampleMedia.LoadAsync("feature.json");
        using var directory = new TestDirectory("cancel");
        var renderer = new ChunkRenderer(new FfmpegRunner(), new RenderEngineOptions());
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new SynchronousProgress<int>(frames => { if (frames > 0) started.TrySetResult(); });
        var committed = directory.File("chunk.mp4");

        var render = renderer.RenderAsync(timeline, new FrameRange(0, timeline.Output.DurationFrames), committed, progress, cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.NotEmpty(FfmpegProcesses.Mentioning(directory.Path));

        var clock = Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => render);
        while (FfmpegProcesses.Mentioning(directory.Path).Count > 0 && clock.Elapsed < ProcessGoneWithin + TimeSpan.FromSeconds(3))
            await Task.Delay(50, TestContext.Current.CancellationToken);

        Assert.True(clock.Elapsed <= ProcessGoneWithin, $"ffmpeg was still running {clock.Elapsed.TotalSeconds:0.00} s after cancel");
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    [Fact]
    public async Task Cancelling_a_whole_render_removes_its_work_folder_and_publishes_nothing()
    {
        var timeline = await SampleMedia.LoadAsync("feature.json");
        using var directory = new TestDirectory("cancel-engine");
        var work = directory.File("work");
        var engine = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions { WorkDirectory = work });
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<RenderProgress>(p => { if (p.Stage == "video" && p.FramesDone > 40) cancel.Cancel(); });
        var output = directory.File("out.mp4");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            engine.RenderAsync(timeline, EvenSplit.Of(timeline.Output.DurationFrames, 3), output, progress, cancellationToken: cancel.Token));

        Assert.False(File.Exists(output));
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        Assert.Empty(Directory.EnumerateFiles(directory.Path));
    }
}
