using System.Diagnostics;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Cli;

/// <summary>Runs the built renderfarm command as a user would, within a time limit.</summary>
internal static class CliProcess
{
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(IEnumerable<string> arguments, TimeSpan limit)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var cli = Path.Combine(RepositoryPaths.Root, "Client", "Cli", "bin", configuration, "net10.0", "renderfarm.dll");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(cli);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("renderfarm did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"renderfarm {string.Join(' ', info.ArgumentList)} did not finish within {limit}");
        }
        return (process.ExitCode, await output, await error);
    }
}
