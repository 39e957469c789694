using System.Globalization;
using System.Text;

namespace RenderFarm.Sandbox;

/// <summary>
/// ffprobe in the sandbox for FFMpegCore, which runs an <c>ffprobe</c> from a folder it is given: a
/// script of that name that runs the real one under prlimit, bubblewrap and a wall-clock limit, with the
/// probed file (its last argument) bound read-only and nothing else of the host's files.
/// </summary>
public static class ProbeSandbox
{
    /// <summary>Stands for the probed file in the sandbox's arguments; the script puts its shell variable there.</summary>
    private const string ProbedFile = "\0probed";

    /// <summary>Writes the script into <paramref name="folder"/> and returns the folder, for FFOptions.BinaryFolder.</summary>
    public static string WriteWrapper(SandboxOptions options, string folder)
    {
        var ffprobe = Executable.Resolve("ffprobe") ?? throw new FileNotFoundException("there is no ffprobe on the PATH", "ffprobe");
        var timeout = Executable.Resolve("timeout") ?? throw new FileNotFoundException("there is no timeout (coreutils) on the PATH", "timeout");
        var sandbox = SandboxArguments.For(options, ffprobe, [], [ProbedFile]);
        var seconds = Math.Ceiling(options.WallClock.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var script = new StringBuilder()
            .Append("#!/bin/sh\n")
            .Append("# Written by the render node when it starts: ffprobe in the farm's sandbox (see docs/media.md, \"Sandboxed ffmpeg\").\n")
            .Append("for probed; do :; done\n")
            .Append("case \"$probed\" in /*) ;; *) probed=\"$PWD/$probed\" ;; esac\n")
            .Append("exec ").Append(Quote(timeout)).Append(" -s KILL ").Append(seconds).Append(' ').Append(Quote(options.PrlimitPath));
        foreach (var argument in sandbox)
            script.Append(' ').Append(argument == ProbedFile ? "\"$probed\"" : Quote(argument));
        script.Append(" \"$@\"\n");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "ffprobe");
        var temporary = path + $".{Guid.NewGuid():N}";
        File.WriteAllText(temporary, script.ToString());
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        File.Move(temporary, path, overwrite: true);
        return folder;
    }

    private static string Quote(string value) => "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
}
