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

        var (exitCode, _, errors) = await CliProcess.RunAsync(["render", directory.File("timeline.json"), "-o", directory.File("out.mp4"), "--chunks", "2"], TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 2, $"exit code {exitCode}: {errors}");
        Assert.Contains("assets.a.path", errors);
        Assert.Contains("assets.music.sha256", errors);
        Assert.False(File.Exists(directory.File("out.mp4")));
    }
}
