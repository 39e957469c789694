using System.Globalization;

namespace RenderFarm.Sandbox;

/// <summary>
/// The command line that runs a program in the sandbox: prlimit sets the run's limits, then bubblewrap
/// starts it with every namespace of its own (no network but a loopback of its own, its own PIDs), a
/// read-only system, no environment but PATH, and only the files it is given.
/// </summary>
public static class SandboxArguments
{
    /// <summary>
    /// Seconds between the CPU limit's SIGXCPU (which ffmpeg takes as "stop and finish the file") and
    /// the kernel's SIGKILL, for a run that does not stop.
    /// </summary>
    public const long CpuGraceSeconds = 5;

    private const string SandboxPath = "/usr/bin:/bin";

    /// <summary>Top-level folders a program's libraries are found through: links into /usr on a merged-/usr system, folders elsewhere.</summary>
    private static readonly string[] SystemFolders = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    /// <summary>From /etc only the dynamic linker's cache and Debian's alternatives (libblas and friends resolve through them); no configuration, no secrets.</summary>
    private static readonly string[] SystemFiles = ["/etc/ld.so.cache", "/etc/alternatives"];

    /// <param name="program">Absolute path of the program to run.</param>
    /// <param name="readOnly">Files (or folders) the run reads, by absolute path, each bound read-only at its own path.</param>
    /// <param name="writable">A folder of the host shown writable at another path inside (the run's output folder); none when null.</param>
    public static IReadOnlyList<string> For(
        SandboxOptions options, string program, IEnumerable<string> programArguments, IEnumerable<string> readOnly, (string Source, string Visible)? writable = null)
    {
        var arguments = new List<string>(Limits(options)) { "--", options.BwrapPath };
        arguments.AddRange(["--unshare-all", "--die-with-parent", "--new-session", "--as-pid-1", "--clearenv", "--setenv", "PATH", SandboxPath]);
        arguments.AddRange(["--ro-bind", "/usr", "/usr"]);
        foreach (var folder in SystemFolders)
        {
            var info = new DirectoryInfo(folder);
            if (info.LinkTarget is { } target)
                arguments.AddRange(["--symlink", target, folder]);
            else if (info.Exists)
                arguments.AddRange(["--ro-bind", folder, folder]);
        }
        foreach (var file in SystemFiles)
            arguments.AddRange(["--ro-bind-try", file, file]);
        arguments.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        var programFolder = Path.GetDirectoryName(program)!;
        if (!programFolder.StartsWith("/usr/", StringComparison.Ordinal))
            arguments.AddRange(["--ro-bind", programFolder, programFolder]);
        // The writable folder first: files the run reads from the same folder are bound over it.
        if (writable is var (source, visible))
            arguments.AddRange(["--bind", source, visible]);
        foreach (var path in readOnly.Distinct(StringComparer.Ordinal))
        {
            // Anything not a path stands for binds a script adds when it runs (ProbeSandbox).
            if (Path.IsPathRooted(path))
                arguments.AddRange(["--ro-bind", path, path]);
            else
                arguments.Add(path);
        }
        // The root bubblewrap builds is a tmpfs; nothing may be written to it either.
        arguments.AddRange(["--remount-ro", "/", "--chdir", "/", "--", program]);
        arguments.AddRange(programArguments);
        return arguments;
    }

    private static IEnumerable<string> Limits(SandboxOptions options) =>
    [
        Limit("cpu", options.CpuSeconds, options.CpuSeconds + CpuGraceSeconds),
        Limit("as", options.MemoryBytes, options.MemoryBytes),
        Limit("fsize", options.OutputBytes, options.OutputBytes),
        Limit("core", 0, 0),
    ];

    private static string Limit(string name, long soft, long hard) =>
        string.Create(CultureInfo.InvariantCulture, $"--{name}={soft}:{hard}");
}
