using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FFMpegCore;
using RenderFarm.Rendering;
using RenderFarm.Sandbox;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Sandbox;

/// <summary>
/// Real ffmpeg and ffprobe in the real sandbox. What a hostile input could make them do outside (open a
/// socket, read a file nobody gave them) each test first shows working outside, then failing inside;
/// the limits stop a run by name; finishing early and cancelling still work. The commands here carry
/// no input policy on purpose: the sandbox alone must stop them.
/// </summary>
public sealed class SandboxedFfmpegTests : IDisposable
{
    private static readonly SandboxOptions On = new() { Enabled = true };
    private readonly TestDirectory directory = new("sandbox");

    public void Dispose() => directory.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_cannot_open_a_network_socket()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var command = Copy($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}", directory.File("net/out.mp4"));

        var refused = await Assert.ThrowsAsync<FfmpegFailedException>(() => new FfmpegRunner(sandbox: On).RunAsync(command, null, Ct));

        Assert.False(listener.Pending(), "the sandboxed ffmpeg reached the listener");
        Assert.Contains("Connection refused", refused.StandardErrorTail);
        // Outside the sandbox the same command does connect: the listener would have seen the sandboxed one.
        var outside = new FfmpegRunner().RunAsync(command, null, Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using (await listener.AcceptTcpClientAsync(timeout.Token))
        {
            // Closed at once: ffmpeg then fails on the empty stream.
        }
        await Assert.ThrowsAsync<FfmpegFailedException>(() => outside);
    }

    [Fact]
    public async Task A_run_cannot_read_a_file_it_was_not_given()
    {
        await SampleMedia.EnsureAsync();
        var secret = directory.File("elsewhere/secret.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
        File.Copy(Path.Combine(SampleMedia.Root, "a.mp4"), secret);
        var list = directory.File("given/list.ffconcat");
        Directory.CreateDirectory(Path.GetDirectoryName(list)!);
        await File.WriteAllTextAsync(list, $"ffconcat version 1.0\nfile '{secret}'\n", Ct);
        var output = directory.File("read/out.mp4");
        var command = new FfmpegCommand([], [new FfmpegInput(list, ["-f", "concat", "-safe", "0"])], null, ["-c", "copy", "-f", "mp4"], output);

        var refused = await Assert.ThrowsAsync<FfmpegFailedException>(() => new FfmpegRunner(sandbox: On).RunAsync(command, null, Ct));

        Assert.Contains("No such file or directory", refused.StandardErrorTail);
        Assert.False(File.Exists(output), "the sandboxed run left an output");
        await new FfmpegRunner().RunAsync(command, null, Ct);
        Assert.True(File.Exists(output), "outside the sandbox the list's file is read");
    }

    public static TheoryData<SandboxLimit> Limits() => [SandboxLimit.CpuTime, SandboxLimit.Memory, SandboxLimit.OutputSize, SandboxLimit.WallClock];

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task A_run_over_a_limit_is_stopped_and_the_error_names_the_limit(SandboxLimit limit)
    {
        var (options, source, preset, message) = limit switch
        {
            SandboxLimit.CpuTime => (new SandboxOptions { Enabled = true, CpuSeconds = 1 }, "testsrc2=s=1280x720:r=30:d=600", "ultrafast", "CPU-time limit (Sandbox:CpuSeconds = 1 s)"),
            SandboxLimit.Memory => (new SandboxOptions { Enabled = true, MemoryBytes = SandboxOptions.MinimumMemoryBytes }, "testsrc2=s=3840x2160:r=30:d=1", "veryslow", "memory limit (Sandbox:MemoryBytes = 536870912 bytes)"),
            SandboxLimit.OutputSize => (new SandboxOptions { Enabled = true, OutputBytes = 100_000 }, "testsrc2=s=640x360:r=30:d=60", "ultrafast", "output-size limit (Sandbox:OutputBytes = 100000 bytes)"),
            _ => (new SandboxOptions { Enabled = true, WallClock = TimeSpan.FromSeconds(1) }, "testsrc2=s=320x180:r=30:d=600", "ultrafast", "wall-clock limit (Sandbox:WallClock = 00:00:01)"),
        };
        // In real time (-re) the wall-clock run would take ten minutes; every other one ends in seconds at its limit.
        var command = Encode(source, preset, directory.File($"{limit}/out.mp4"), realTime: limit == SandboxLimit.WallClock);
        var clock = Stopwatch.StartNew();

        var stopped = await Assert.ThrowsAsync<SandboxLimitException>(() => new FfmpegRunner(sandbox: options).RunAsync(command, null, Ct));

        Assert.Equal(limit, stopped.Limit);
        Assert.StartsWith($"ffmpeg was stopped at the sandbox's {message}", stopped.Message, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine($"{limit}: stopped after {clock.Elapsed.TotalSeconds:0.0} s: {stopped.Message}");
    }

    [Fact]
    public async Task Cancelling_a_sandboxed_run_kills_bubblewrap_and_its_ffmpeg()
    {
        var output = directory.File($"cancel/{Guid.NewGuid():N}.mp4");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var progress = new SynchronousProgress<int>(frames =>
        {
            if (frames > 0)
                cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new FfmpegRunner(sandbox: On).RunAsync(Encode("testsrc2=s=1280x720:r=30:d=600", "medium", output), progress, cancel.Token));

        // Both bubblewrap's command line and ffmpeg's name the output.
        Assert.True(await FfmpegProcesses.GoneWithinAsync(Path.GetFileName(output), TimeSpan.FromSeconds(10)),
            $"processes naming {output} still run 10 s after the cancel: {string.Join(", ", FfmpegProcesses.Mentioning(Path.GetFileName(output)))}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(output)!));
    }

    [Fact]
    public async Task A_sandboxed_render_asked_to_finish_early_leaves_a_playable_file_of_fewer_frames()
    {
        // Long enough that the stop, asked for at the first progress report past stopAt, lands well
        // before the end however fast the machine renders.
        const int frames = 550, stopAt = 25;
        var timeline = await SampleMedia.ResolveAsync(FarmTimelines.Small(frames, "stop") with
        {
            // 11 s of the 12 s sample at 50 fps.
            Output = new OutputSpec { Width = 640, Height = 360, FrameRate = new Rational(50, 1), DurationFrames = frames },
        });
        var renderer = new ChunkRenderer(new FfmpegRunner(sandbox: On), new RenderEngineOptions { WorkDirectory = directory.File("work") });
        using var finishEarly = new CancellationTokenSource();
        var progress = new SynchronousProgress<int>(done =>
        {
            if (done >= stopAt)
                finishEarly.Cancel();
        });
        var output = directory.File("early/chunk.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        var facts = await renderer.RenderAsync(timeline, new FrameRange(0, frames), output, progress, Ct, finishEarly.Token);

        Assert.InRange(facts.VideoFrames, stopAt, frames - 1);
        var decoded = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", output, "-map", "0:v:0", "-f", "framemd5", "-"]);
        var frameLines = System.Text.Encoding.UTF8.GetString(decoded).Split('\n').Count(line => line.Length > 0 && !line.StartsWith('#'));
        Assert.Equal(facts.VideoFrames, frameLines);
        TestContext.Current.TestOutputHelper?.WriteLine($"kept {facts.VideoFrames} of {frames} frames");
    }

    [Fact]
    public async Task The_sandboxed_ffprobe_reads_the_probed_file_and_nothing_it_names()
    {
        await SampleMedia.EnsureAsync();
        var probeFolder = ProbeSandbox.WriteWrapper(On, directory.File("probe"));
        var sandboxed = new FFOptions { BinaryFolder = probeFolder };
        var secret = directory.File("elsewhere/secret.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
        File.Copy(Path.Combine(SampleMedia.Root, "a.mp4"), secret);
        var list = directory.File("given/list.ffconcat");
        Directory.CreateDirectory(Path.GetDirectoryName(list)!);
        await File.WriteAllTextAsync(list, $"ffconcat version 1.0\nfile '{secret}'\n", Ct);

        Assert.NotNull((await FFProbe.AnalyseAsync(secret, ffOptions: sandboxed, cancellationToken: Ct)).PrimaryVideoStream);
        Assert.NotNull((await FFProbe.AnalyseAsync(list, ffOptions: new FFOptions(), cancellationToken: Ct, customArguments: "-safe 0")).PrimaryVideoStream);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => FFProbe.AnalyseAsync(list, ffOptions: sandboxed, cancellationToken: Ct, customArguments: "-safe 0"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{refused.GetType().Name}: {refused.Message}");
    }

    private static FfmpegCommand Copy(string url, string output)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        return new FfmpegCommand([], [new FfmpegInput(url, ["-rw_timeout", "10000000"])], null, ["-c", "copy", "-f", "mp4"], output);
    }

    private static FfmpegCommand Encode(string source, string preset, string output, bool realTime = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        string[] options = realTime ? ["-re", "-f", "lavfi"] : ["-f", "lavfi"];
        return new FfmpegCommand([], [new FfmpegInput(source, options)], null, ["-c:v", "libx264", "-preset", preset, "-f", "mp4"], output);
    }
}
