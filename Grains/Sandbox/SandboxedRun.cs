namespace RenderFarm.Sandbox;

/// <summary>
/// One program run in the sandbox that writes one output file. Inside, the output's folder is a fresh
/// empty folder of this run alone (on the same disk, beside the output), so the run can write nothing
/// but its own files and see none of its neighbours'; the files it reads are bound over it read-only.
/// <see cref="Finish"/> moves the output to where it was asked for; disposing removes the run's folder.
/// </summary>
public sealed class SandboxedRun : IDisposable
{
    private readonly string privateFolder;
    private readonly string outputPath;

    private SandboxedRun(SandboxOptions options, string program, IReadOnlyList<string> arguments, IEnumerable<string> reads, string outputPath)
    {
        this.outputPath = Path.GetFullPath(outputPath);
        var outputFolder = Path.GetDirectoryName(this.outputPath)!;
        privateFolder = Directory.CreateDirectory(Path.Combine(outputFolder, $".sandbox-{Guid.NewGuid():N}")).FullName;
        var resolved = Executable.Resolve(program) ?? throw new FileNotFoundException($"{program} is not an executable file on the PATH", program);
        FileName = options.PrlimitPath;
        Arguments = SandboxArguments.For(options, resolved, arguments, reads.Select(Path.GetFullPath).Where(Exists), (privateFolder, outputFolder));
    }

    /// <summary>The program that starts the sandbox (prlimit, which runs bubblewrap).</summary>
    public string FileName { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The run's own folder on the host: what it writes beside its output is here while it runs.</summary>
    public string WritesTo => privateFolder;

    /// <param name="reads">Every file the run reads; those that do not exist are left out (the run then fails to open them, as it would outside).</param>
    public static SandboxedRun Prepare(SandboxOptions options, string program, IReadOnlyList<string> arguments, IEnumerable<string> reads, string outputPath) =>
        new(options, program, arguments, reads, outputPath);

    /// <summary>
    /// The process id, outside the sandbox, of the program itself: bubblewrap's only child (it runs the
    /// program as the sandbox's PID 1 and forwards no signals). Null before it has started or once gone.
    /// </summary>
    public static int? ProgramProcessId(int sandboxProcessId)
    {
        try
        {
            var children = File.ReadAllText($"/proc/{sandboxProcessId}/task/{sandboxProcessId}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return children.Length == 1 ? int.Parse(children[0], System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Moves what the run wrote to the output path; nothing when it wrote no output.</summary>
    public void Finish()
    {
        var written = Path.Combine(privateFolder, Path.GetFileName(outputPath));
        if (File.Exists(written))
            File.Move(written, outputPath, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(privateFolder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
