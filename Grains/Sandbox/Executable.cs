namespace RenderFarm.Sandbox;

internal static class Executable
{
    public static bool Exists(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() ||
                              (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    /// <summary>The full path of <paramref name="program"/>: itself when it has a folder, else the first on the PATH; null when none.</summary>
    public static string? Resolve(string program)
    {
        if (Path.IsPathRooted(program))
            return Exists(program) ? program : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(Exists);
    }
}
