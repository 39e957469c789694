using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;
using static RenderFarm.Tests.Interchange.OtioText;

namespace RenderFarm.Tests.Cli;

/// <summary>OpenTimelineIO files on the command line: <c>import</c>, and <c>render</c> taking one directly.</summary>
public sealed class ImportCommandTests
{
    [Fact]
    public async Task Import_writes_the_native_timeline_and_shows_each_fallback_as_a_warning()
    {
        using var directory = new TestDirectory("cli-import");
        var otio = Timeline("Edit 7", Track("Video",
            Clip("A", External("file:///Volumes/Edit/media/a.mp4"), 30, 60, 30), Dissolve(6, 6, 30, type: "SMPTE_Wipe"), Clip("B", External("file:///Volumes/Edit/media/b.mp4"), 30, 60, 30)));
        await File.WriteAllTextAsync(directory.File("edit.otio"), otio, TestContext.Current.CancellationToken);

        var (exitCode, output, errors) = await CliProcess.RunAsync(
            ["import", directory.File("edit.otio"), "-o", directory.File("edit.json"), "--map", "/Volumes/Edit/media/=", "--width", "1280", "--height", "720"],
            TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, $"exit code {exitCode}: {errors}");
        Assert.Contains("edit.json: 120 frames at 30 fps, 1 video and 0 audio track(s), 2 asset(s), 1 warning(s)", output);
        Assert.Contains("tracks.children[0].children[1] (Transition): the SMPTE_Wipe transition is rendered as a dissolve", errors);
        var timeline = TimelineJson.Parse(await File.ReadAllTextAsync(directory.File("edit.json"), TestContext.Current.CancellationToken));
        Assert.Equal((1280, 720, 120), (timeline.Output.Width, timeline.Output.Height, timeline.Output.DurationFrames));
        Assert.Equal(["a.mp4", "b.mp4"], timeline.Assets.Values.Select(a => a.Path).Order());
    }

    [Fact]
    public async Task Import_of_a_file_it_cannot_convert_names_each_object_and_exits_2()
    {
        using var directory = new TestDirectory("cli-import-refused");
        var missing = """{"OTIO_SCHEMA": "MissingReference.1", "name": "A001_C003.mov", "metadata": {}}""";
        await File.WriteAllTextAsync(directory.File("edit.otio"), Timeline("Lost", Track("Video", Clip("Lost shot", missing, 0, 25, 25))), TestContext.Current.CancellationToken);

        var (exitCode, _, errors) = await CliProcess.RunAsync(["import", directory.File("edit.otio"), "-o", directory.File("edit.json"), "--strict"], TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 2, $"exit code {exitCode}: {errors}");
        Assert.Contains("The OpenTimelineIO file cannot be converted:", errors);
        Assert.Contains("tracks.children[0].children[0] (Clip \"Lost shot\"): its media is missing (\"A001_C003.mov\")", errors);
        Assert.False(File.Exists(directory.File("edit.json")));
    }

    [Fact]
    public async Task Render_takes_an_otio_file_whose_media_lies_under_the_assets_folder()
    {
        await SampleMedia.EnsureAsync();
        using var directory = new TestDirectory("cli-render-otio");
        var media = Path.Combine(SampleMedia.Root, "a.mp4");
        var otio = Timeline("Short", Track("Video", Clip("A", External($"file://{media}"), 60, 40, 30)) + ", " + Track("Audio", Clip("Music", External($"file://{Path.Combine(SampleMedia.Root, "music.m4a")}"), 0, 40, 30)),
            metadata: """{"renderfarm": {"width": 640, "height": 360, "preset": "draft"}}""");
        await File.WriteAllTextAsync(directory.File("short.otio"), otio, TestContext.Current.CancellationToken);

        var (exitCode, _, errors) = await CliProcess.RunAsync(
            ["render", directory.File("short.otio"), "-o", directory.File("short.mp4"), "--assets", SampleMedia.Root, "--chunks", "2"],
            TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, $"exit code {exitCode}: {errors}");
        var facts = await MediaProbe.ProbeAsync(directory.File("short.mp4"), TestContext.Current.CancellationToken);
        Assert.Equal((40L, 640, 360), (facts.VideoFrames, facts.Width, facts.Height));
        Assert.Equal(40 / 30.0, facts.AudioDurationSeconds, precision: 1);
    }
}
