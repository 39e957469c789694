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
        var result = await ToolProcess.RunAsync("dotnet", [cli, .. arguments], limit);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
