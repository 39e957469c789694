using System.Diagnostics;

namespace RenderFarm.Sandbox;

/// <summary>Runs <c>true</c> in the sandbox as every run will be: a kernel without user namespaces, or a container that forbids them, fails here and not on the first chunk.</summary>
public static class SandboxTrial
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Null when the trial ran; otherwise what went wrong, with bubblewrap's own words.</summary>
    public static string? Run(SandboxOptions options)
    {
        var program = Executable.Resolve("true");
        if (program is null)
            return "there is no 'true' on the PATH to try the sandbox with";
        var info = new ProcessStartInfo(options.PrlimitPath) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in SandboxArguments.For(options, program, [], []))
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return $"it did not end within {Timeout.TotalSeconds} s";
        }
        return process.ExitCode == 0 ? null : $"exit code {process.ExitCode}: {errors.Result.Trim()}";
    }
}
