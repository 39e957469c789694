using RenderFarm.Rendering;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Demo;

/// <summary>The README's demo command, run the way a new user runs it: in a fresh clone of the repository.</summary>
public sealed class ReadmeDemoTests
{
    [Fact]
    public async Task The_demo_command_renders_the_feature_sample_in_a_fresh_clone()
    {
        using var directory = new TestDirectory("demo");
        var clone = directory.File("clone");
        await ProcessRunner.RunAsync("git", ["clone", "--quiet", RepositoryPaths.Root, clone], TimeSpan.FromMinutes(2));

        await ProcessRunner.RunAsync("bash", [Path.Combine(clone, "run-demo.sh")], TimeSpan.FromMinutes(10));

        var output = Path.Combine(clone, "out", "feature.mp4");
        var facts = await MediaProbe.ProbeAsync(output, TestContext.Current.CancellationToken);
        Assert.Equal(210, facts.VideoFrames);
        Assert.Equal((1920, 1080), (facts.Width, facts.Height));
        Assert.Equal(7.0, facts.VideoDurationSeconds, precision: 3);
        Assert.Equal("aac", facts.AudioCodec);
    }
}
