using System.ComponentModel;
using System.Diagnostics;

namespace RenderFarm.Tests.Support;

/// <summary>
/// Runs a checking tool (promtool, a check script) within a time limit and keeps its exit code and both
/// outputs: such tools report what is wrong on either, and a failed check is an answer, not an error.
/// </summary>
public static class ToolProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Output => $"{StandardOutput}{StandardError}";
    }

    /// <param name="environment">Variables set for the tool on top of this process's own.</param>
    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        using var process = Start(info);
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
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {limit}");
        }
        return new Result(process.ExitCode, await output, await error);
    }

    internal static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{info.FileName} could not be started ({e.Message}); deploy/install-deps.sh installs the monitoring tools", e);
        }
    }
}
