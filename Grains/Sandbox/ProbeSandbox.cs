using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RenderFarm.Sandbox;

/// <summary>
/// ffprobe in the sandbox for FFMpegCore, which runs an <c>ffprobe</c> from a folder it is given: a
/// script of that name that runs the real one under a wall-clock limit, prlimit and bubblewrap, with
/// the probed file bound read-only (every argument that is an existing absolute path: FFMpegCore gives
/// the file so) and nothing else of the host's files.
/// </summary>
public static class ProbeSandbox
{
    /// <summary>Stands for the probed files' binds in the sandbox's arguments; the script puts its array there.</summary>
    private const string ProbedFiles = "\0probed";

    /// <summary>
    /// Writes the script into a folder of its own under <paramref name="parent"/>, named by its content
    /// (so a script in use is never rewritten), and returns that folder, for FFOptions.BinaryFolder.
    /// </summary>
    public static string WriteWrapper(SandboxOptions options, string parent)
    {
        var ffprobe = Executable.Resolve("ffprobe") ?? throw new FileNotFoundException("there is no ffprobe on the PATH", "ffprobe");
        var timeout = Executable.Resolve("timeout") ?? throw new FileNotFoundException("there is no timeout (coreutils) on the PATH", "timeout");
        var sandbox = SandboxArguments.For(options, ffprobe, [], [ProbedFiles]);
        var seconds = Math.Ceiling(options.WallClock.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var script = new StringBuilder()
            .Append("#!/bin/bash\n")
            .Append("# Written by a render node when it starts: ffprobe in the farm's sandbox (docs/sandbox.md).\n")
            .Append("binds=()\n")
            .Append("for argument in \"$@\"; do\n")
            .Append("  if [[ $argument == /* && -e $argument ]]; then binds+=(--ro-bind \"$argument\" \"$argument\"); fi\n")
            .Append("done\n")
            .Append("exec ").Append(Quote(timeout)).Append(" -s KILL ").Append(seconds).Append(' ').Append(Quote(options.PrlimitPath));
        foreach (var argument in sandbox)
            script.Append(' ').Append(argument == ProbedFiles ? "\"${binds[@]}\"" : Quote(argument));
        script.Append(" \"$@\"\n");
        var text = script.ToString();
        var folder = Path.Combine(parent, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant());
        var path = Path.Combine(folder, "ffprobe");
        if (File.Exists(path))
            return folder;
        Directory.CreateDirectory(folder);
        var temporary = path + $".{Guid.NewGuid():N}";
        File.WriteAllText(temporary, text);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.Move(temporary, path, overwrite: true);
        return folder;
    }

    private static string Quote(string value) => "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
}
