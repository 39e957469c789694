using System.Diagnostics;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Cli;

/// <summary>The command line as a user runs it: a real renderfarm process.</summary>
public sealed class RenderCommandTests
{
    [Fact]
    public async Task Render_of_a_timeline_whose_media_fails_its_checks_lists_every_problem_and_exits_2()
    {
        await SampleMedia.EnsureAsync();
        using var directory = new TestDirectory("cli-refused");
        File.Copy(Path.Combine(SampleMedia.Root, "music.m4a"), directory.File("music.m4a"));
        var timeline = FarmTimelines.Small(50) with
        {
            Assets = new Dictionary<string, AssetRef> { ["a"] = new() { Path = "missing.mp4" }, ["music"] = new() { Path = "music.m4a", Sha256 = new string('0', 64) } },
        };
        await File.WriteAllTextAsync(directory.File("timeline.json"), TimelineJson.Write(timeline), TestContext.Current.CancellationToken);

        var (exitCode, errors) = await RunCliAsync(["render", directory.File("timeline.json"), "-o", directory.File("out.mp4"), "--chunks", "2"], TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 2, $"exit code {exitCode}: {errors}");
        Assert.Contains("assets.a.path", errors);
        Assert.Contains("assets.music.sha256", errors);
        Assert.False(File.Exists(directory.File("out.mp4")));
    }

    private static async Task<(int ExitCode, string StandardError)> RunCliAsync(IEnumerable<string> arguments, TimeSpan limit)
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
        await output;
        return (process.ExitCode, await error);
    }
}
