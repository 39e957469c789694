namespace RenderFarm.Tests.Support;

/// <summary>Finds ffmpeg processes of this machine by what their command line names.</summary>
public static class FfmpegProcesses
{
    /// <summary>ffmpeg processes whose command line mentions <paramref name="path"/>.</summary>
    public static List<int> Mentioning(string path) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0, Dir: d))
            .Where(p => p.Pid > 0)
            .Where(p => CommandLine(p.Dir) is { } line && line.Contains("ffmpeg", StringComparison.Ordinal) && line.Contains(path, StringComparison.Ordinal))
            .Select(p => p.Pid)
            .ToList();

    /// <summary>Waits until no ffmpeg mentions <paramref name="path"/>; false if some still do after <paramref name="limit"/>.</summary>
    public static async Task<bool> GoneWithinAsync(string path, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (Mentioning(path).Count > 0)
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(50);
        }
        return true;
    }

    private static string? CommandLine(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline")).Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
