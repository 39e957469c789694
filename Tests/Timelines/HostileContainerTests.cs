using System.Diagnostics;
using FFMpegCore;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Timelines;

/// <summary>
/// Assets inside the root whose content is a list of other files (an HLS playlist, a DASH manifest, an
/// ffconcat list), whatever they are named: ffprobe, run under strace, opens none of what they list,
/// and each is refused by field within seconds.
/// </summary>
public sealed class HostileContainerTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string root;
    private readonly string outsideFile;
    private readonly string insideFile;
    private readonly string fifo;

    public HostileContainerTests()
    {
        root = Directory.CreateDirectory(Path.Combine(temp.Path, "assets")).FullName;
        outsideFile = temp.File("outside/secret.mp4");
        File.WriteAllText(outsideFile, "not for the farm");
        insideFile = Path.Combine(root, "inside.mp4");
        File.Copy(Path.Combine(SampleMedia.Root, "a.mp4"), insideFile);
        File.CreateSymbolicLink(Path.Combine(root, "link.mp4"), outsideFile);
        fifo = Path.Combine(root, "pipe.mp4");
        ProcessRunner.RunAsync("mkfifo", [fifo]).GetAwaiter().GetResult();
    }

    public void Dispose() => temp.Dispose();

    /// <summary>
    /// What a list may name: a file inside the root, relative or absolute; a link in the root leading out;
    /// a FIFO (opening it would block); files outside; devices. One entry a list, since ffmpeg's own checks
    /// stop a list at the first entry they dislike and would hide what follows.
    /// </summary>
    public static TheoryData<string, string> Lists()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in new[] { "hls", "dash", "concat" })
        {
            foreach (var target in new[] { "inside", "inside-absolute", "link", "fifo", "outside", "outside-absolute", "/dev/zero", "/etc/passwd" })
                data.Add(format, target);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public Task A_list_given_as_an_asset_is_not_followed(string format, string target)
    {
        var listed = target switch
        {
            "inside" => "inside.mp4",
            "inside-absolute" => insideFile,
            "link" => "link.mp4",
            "fifo" => "pipe.mp4",
            "outside" => "../outside/secret.mp4",
            "outside-absolute" => outsideFile,
            _ => target,
        };
        return format switch
        {
            "hls" => RefusedUnopenedAsync("playlist.mp4", $"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n{listed}\n#EXT-X-ENDLIST\n", format, listed),
            "dash" => RefusedUnopenedAsync("manifest.mov", $"""
                <?xml version="1.0"?>
                <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" profiles="urn:mpeg:dash:profile:isoff-live:2011" mediaPresentationDuration="PT1S">
                  <Period><AdaptationSet><Representation id="1" bandwidth="1"><BaseURL>{listed}</BaseURL></Representation></AdaptationSet></Period>
                </MPD>
                """, format, listed),
            _ => RefusedUnopenedAsync("list.mkv", $"ffconcat version 1.0\nfile '{listed}'\n", format, listed),
        };
    }

    private async Task RefusedUnopenedAsync(string name, string content, string format, string listed)
    {
        await SampleMedia.EnsureAsync();
        await File.WriteAllTextAsync(Path.Combine(root, name), content, TestContext.Current.CancellationToken);
        using var traced = new TracedProbe(temp.File("trace/ffprobe.log"));
        var timeline = new Timeline
        {
            Version = Timeline.CurrentVersion,
            Output = new OutputSpec { Width = 160, Height = 90, FrameRate = new Rational(30, 1), DurationFrames = 30 },
            Assets = new Dictionary<string, AssetRef> { ["clip"] = new() { Path = name } },
            VideoTracks = [new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Video, Asset = "clip", Duration = 30 }] }],
        };
        var clock = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<TimelineValidationException>(
            () => TimelineLoader.ResolveAsync(timeline, root, TestContext.Current.CancellationToken));

        var opened = traced.OpenedPaths();
        Assert.Contains(opened, path => path.EndsWith(name, StringComparison.Ordinal));
        Assert.DoesNotContain(opened, path => path.EndsWith(Path.GetFileName(listed), StringComparison.Ordinal));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("assets.clip.path", error.Field);
        Assert.StartsWith($"is a {format} file, which the farm does not read", error.Rule, StringComparison.Ordinal);
    }

    /// <summary>Points FFMpegCore at an ffprobe that runs the real one under strace, for as long as it lives.</summary>
    private sealed class TracedProbe : IDisposable
    {
        private readonly string log;
        private readonly FFOptions before = GlobalFFOptions.Current;

        public TracedProbe(string log)
        {
            this.log = log;
            var folder = Path.GetDirectoryName(log)!;
            var real = ProcessRunner.RunAsync("bash", ["-c", "command -v ffprobe"]).GetAwaiter().GetResult();
            var wrapper = Path.Combine(folder, "ffprobe");
            File.WriteAllText(wrapper, $"#!/bin/sh\nexec strace -f -qq -e trace=open,openat,creat -o '{log}' '{System.Text.Encoding.UTF8.GetString(real).Trim()}' \"$@\"\n");
            ProcessRunner.RunAsync("chmod", ["+x", wrapper]).GetAwaiter().GetResult();
            GlobalFFOptions.Configure(new FFOptions { BinaryFolder = folder, TemporaryFilesFolder = before.TemporaryFilesFolder });
        }

        /// <summary>Every path ffprobe asked to open, whether or not it could.</summary>
        public IReadOnlyList<string> OpenedPaths() =>
            File.ReadAllLines(log)
                .Select(line => line.Split('"'))
                .Where(parts => parts.Length >= 2)
                .Select(parts => parts[1])
                .ToList();

        public void Dispose() => GlobalFFOptions.Configure(before);
    }
}
