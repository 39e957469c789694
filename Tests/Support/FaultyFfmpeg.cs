using System.Diagnostics;

namespace RenderFarm.Tests.Support;

/// <summary>
/// A folder holding an <c>ffmpeg</c> that misbehaves for one chunk and runs the real ffmpeg otherwise:
/// the test's fault hook. The chunk is recognised by text its filter graph must contain (frame range,
/// frame size), since chunks pass their graph to ffmpeg in a script file.
/// </summary>
public sealed class FaultyFfmpeg : IDisposable
{
    private readonly TestDirectory directory = new("faulty-ffmpeg");

    private FaultyFfmpeg(string[] graphMustContain, string fault)
    {
        var conditions = string.Join(" && ", graphMustContain.Select(text => $"grep -qF -- '{text}' \"$script\""));
        File.WriteAllText(Path.Combine(directory.Path, "ffmpeg"), $"""
            #!/usr/bin/env bash
            script=""
            previous=""
            for argument in "$@"; do
              [ "$previous" = "-filter_complex_script" ] && script="$argument"
              previous="$argument"
            done
            here="$(cd "$(dirname "$0")" && pwd)"
            if [ -n "$script" ] && {conditions}; then
              {fault}
            fi
            exec /usr/bin/ffmpeg "$@"
            """.Replace("\r", ""));
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("the faulty ffmpeg is a bash script for Linux");
        File.SetUnixFileMode(Path.Combine(directory.Path, "ffmpeg"),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    /// <summary>The folder to give as the ffmpeg folder.</summary>
    public string Folder => directory.Path;

    /// <summary>The first attempt at the chunk hangs without a frame; later attempts render.</summary>
    public static FaultyFfmpeg HangsOnce(params string[] graphMustContain) =>
        new(graphMustContain, """if mkdir "$here/hung" 2>/dev/null; then exec sleep 600; fi""");

    /// <summary>Every attempt at the chunk fails the way a broken ffmpeg does.</summary>
    public static FaultyFfmpeg AlwaysFails(params string[] graphMustContain) =>
        new(graphMustContain, """echo "injected failure: this chunk cannot be rendered" >&2; exit 1""");

    /// <summary>The first attempt at the chunk waits before rendering; later attempts render at once.</summary>
    public static FaultyFfmpeg SlowOnce(TimeSpan delay, params string[] graphMustContain) =>
        new(graphMustContain, $"""if mkdir "$here/slowed" 2>/dev/null; then exec sleep {(int)delay.TotalSeconds}; fi""");

    /// <summary>The text that identifies a chunk of <paramref name="frames"/> frames starting at <paramref name="start"/> in a chunk graph.</summary>
    public static string ChunkRange(int start, int frames) => $"trim=end_frame={frames},setpts=PTS+{start},";

    public static string FrameSize(int width, int height) => $":s={width}x{height}:";

    public bool Triggered => Directory.Exists(Path.Combine(Folder, "hung")) || Directory.Exists(Path.Combine(Folder, "slowed"));

    public void Dispose() => directory.Dispose();
}
