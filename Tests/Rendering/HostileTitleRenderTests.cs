using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Rendering;

/// <summary>Text that looks like filter-graph syntax or drawtext expansions is drawn, never executed.</summary>
public sealed class HostileTitleRenderTests
{
    public static TheoryData<string> HostileTexts =>
    [
        "'; drawtext=text=pwned:",
        "%{pict_type} %{localtime} %{eif:1/0:d}",
        "a]b;[c],null[d]",
        "back\\slash: 'quote' \"double\"\nsecond line",
    ];

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public async Task Hostile_title_text_renders_as_text(string text)
    {
        using var directory = new TestDirectory("hostile");
        var plain = await RenderTitleAsync(directory, "plain", "#000000", "x");
        var hostile = await RenderTitleAsync(directory, "hostile", "#000000", text);

        Assert.Equal(24, hostile.Output.VideoFrames);
        var psnr = await Psnr.PerFrameAsync(plain.OutputPath, hostile.OutputPath);
        Assert.True(psnr.Average() < Psnr.Identical, "the hostile text drew nothing different from a single letter");
    }

    [Fact]
    public async Task A_font_in_a_folder_with_quotes_colons_and_brackets_is_still_found()
    {
        using var directory = new TestDirectory("font");
        var oddFolder = Directory.CreateDirectory(directory.File("it's [a],b;c:d")).FullName;
        var font = Path.Combine(oddFolder, "font.ttf");
        File.Copy(RenderEngineOptions.DefaultFontFile, font);

        var report = await RenderTitleAsync(directory, "odd-font", "#102030", "Title", font);

        Assert.Equal(24, report.Output.VideoFrames);
    }

    private static async Task<RenderReport> RenderTitleAsync(TestDirectory directory, string name, string background, string text, string? font = null)
    {
        var timeline = await SampleMedia.ResolveAsync(new Timeline
        {
            Version = 1,
            Output = new OutputSpec { Width = 320, Height = 180, FrameRate = new Rational(24, 1), DurationFrames = 24, Background = background },
            VideoTracks = [new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Title, Start = 0, Duration = 24, Title = new TitleStyle { Text = text, FontSize = 20 } }] }],
            Render = new RenderSettings { Preset = QualityPreset.Draft },
        });
        var options = new RenderEngineOptions { WorkDirectory = directory.File("work"), FontFile = font ?? RenderEngineOptions.DefaultFontFile };
        return await new RenderEngine(new FfmpegRunner(), options)
            .RenderAsync(timeline, EvenSplit.Of(24, 2), directory.File(name + ".mp4"), cancellationToken: TestContext.Current.CancellationToken);
    }
}
