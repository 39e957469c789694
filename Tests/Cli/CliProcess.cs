using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Cli;

/// <summary>Runs the built renderfarm command as a user would, within a time limit.</summary>
internal static class CliProcess
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The built command, to run with <c>dotnet</c>.</summary>
    public static string Dll { get; } = Path.Combine(RepositoryPaths.Root, "Client", "Cli", "bin", Configuration, "net10.0", "renderfarm.dll");

    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(IEnumerable<string> arguments, TimeSpan limit,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await ToolProcess.RunAsync("dotnet", [Dll, .. arguments], limit, environment);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
