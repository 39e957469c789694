using RenderFarm.Interchange;
using RenderFarm.Timelines;
using static RenderFarm.Tests.Interchange.OtioText;

namespace RenderFarm.Tests.Interchange;

public sealed class OtioRefusalTests
{
    private static IReadOnlyList<ValidationError> Refusals(string otio, OtioImportOptions? options = null) =>
        Assert.Throws<TimelineValidationException>(() => OtioImporter.Import(otio, options)).Errors;

    private static string Shot(string name = "Shot") => Clip(name, External("a.mp4"), 0, 25, 25);

    [Fact]
    public void What_cannot_be_converted_is_refused_under_the_path_and_name_of_its_object()
    {
        var missing = """{"OTIO_SCHEMA": "MissingReference.1", "name": "A001_C003.mov", "available_range": null, "metadata": {}}""";
        var generator = """{"OTIO_SCHEMA": "GeneratorReference.1", "name": "", "generator_kind": "SMPTEBars", "parameters": {}, "available_range": null, "metadata": {}}""";
        var timeWarp = """, "effects": [{"OTIO_SCHEMA": "LinearTimeWarp.1", "name": "", "effect_name": "", "time_scalar": 2.0, "metadata": {}}]""";
        var nested = """{"OTIO_SCHEMA": "Stack.1", "name": "Compound 1", "children": [], "effects": [], "markers": [], "source_range": null, "metadata": {}}""";
        var otio = Timeline("Refused", string.Join(", ",
            Track("Video", Shot(), Clip("Lost", missing, 0, 25, 25)),
            Track("Video", Shot(), Clip("B-roll 3", External("b.mp4"), 0, 25, 25).Replace(", \"effects\": []", "").Replace("\"metadata\": {}}", "\"metadata\": {}" + timeWarp + "}"), nested, Clip("Bars", generator, 0, 25, 25)),
            Track("Video", Clip("Web", External("https://cdn.example.com/a.mp4"), 0, 25, 25), Clip("Desktop", External("file:///home/editor/Desktop/a.mp4"), 0, 25, 25))));

        var errors = Refusals(otio).Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith("tracks.children[0].children[1] (Clip \"Lost\"): its media is missing (\"A001_C003.mov\")", StringComparison.Ordinal));
        Assert.Contains("tracks.children[1].children[1] (Clip \"B-roll 3\"): LinearTimeWarp effect is not supported (speed changes)", errors);
        Assert.Contains(errors, e => e.StartsWith("tracks.children[1].children[2] (Stack \"Compound 1\"): nested stacks", StringComparison.Ordinal));
        Assert.Contains("tracks.children[1].children[3] (Clip \"Bars\"): generated media (SMPTEBars) is not supported", errors);
        Assert.Contains(errors, e => e.StartsWith("tracks.children[2].children[0].media_reference.target_url: only file URLs and file paths", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("tracks.children[2].children[1].media_reference.target_url: the media at /home/editor/Desktop/a.mp4 is outside the assets root", StringComparison.Ordinal));
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void A_fallback_is_a_warning_and_strict_mode_refuses_it()
    {
        var colour = """, "effects": [{"OTIO_SCHEMA": "Effect.1", "name": "", "effect_name": "Color Correction", "metadata": {}}]""";
        var graded = Clip("Graded", External("b.mp4"), 25, 25, 25).Replace(", \"effects\": []", "").Replace("\"metadata\": {}}", "\"metadata\": {}" + colour + "}");
        var otio = Timeline("Fallbacks", Track("Video", Shot(), Dissolve(5, 5, 25, type: "SMPTE_Wipe"), graded));

        var lax = OtioImporter.Import(otio);
        var strict = Refusals(otio, new OtioImportOptions { Strict = true });

        Assert.Equal(
            ["tracks.children[0].children[1] (Transition): the SMPTE_Wipe transition is rendered as a dissolve",
             "tracks.children[0].children[2] (Clip \"Graded\"): Color Correction effect is left out"],
            lax.Warnings.Select(w => w.ToString()));
        Assert.Single(lax.Timeline.VideoTracks[0].Transitions);
        Assert.Equal(lax.Warnings.Select(w => w.Field), strict.Select(e => e.Field));
        Assert.All(strict, e => Assert.EndsWith("(refused by --strict)", e.Rule));
    }

    [Fact]
    public void A_time_between_output_frames_is_rounded_with_a_warning_or_refused_when_strict()
    {
        // One 24 fps frame is 1.25 output frames at 30 fps.
        var otio = Timeline("Rates", Track("Video", Clip("Film", External("a.mp4"), 1, 24, 24)));
        var options = new OtioImportOptions { FrameRate = new Rational(30, 1) };

        var lax = OtioImporter.Import(otio, options);
        var strict = Refusals(otio, options with { Strict = true });

        var clip = Assert.Single(lax.Timeline.VideoTracks[0].Clips);
        Assert.Equal((1, 0, 30), (clip.SourceIn, clip.Start, clip.Duration));
        Assert.Equal("tracks.children[0].children[0] (Clip \"Film\"): its source start (0.041667 s) falls between output frames at 30 fps: rounded to frame 1", Assert.Single(lax.Warnings).ToString());
        Assert.Single(strict);
    }

    [Fact]
    public void Broken_documents_are_refused_with_the_field_at_fault()
    {
        Assert.Equal("$: must be an OTIO Timeline (OTIO_SCHEMA \"Timeline.1\"), was Track",
            Assert.Single(Refusals(Track("Video", Shot()))).ToString());
        Assert.StartsWith("$: is not JSON", Assert.Single(Refusals("{\"OTIO_SCHEMA\": ")).ToString());
        Assert.Equal("tracks.children[0].children[0].source_range.duration.rate: 29.5 is not a whole rate or an NTSC rate (N×1000/1001) between 1 and 1,000,000",
            Assert.Single(Refusals(Timeline("Odd rate", Track("Video", Clip("A", External("a.mp4"), 0, 10, 29.5)))),
                e => e.Field.EndsWith("duration.rate", StringComparison.Ordinal)).ToString());
        Assert.Equal("tracks.children[0].kind: must be \"Video\" or \"Audio\" (was \"Subtitles\")",
            Assert.Single(Refusals(Timeline("Kind", Track("Subtitles", Shot()) + ", " + Track("Video", Shot())))).ToString());
        Assert.Equal("tracks: has no enabled clip to render", Assert.Single(Refusals(Timeline("Empty", Track("Video", Gap(25, 25))))).ToString());
    }

    [Fact]
    public void A_dissolve_from_a_gap_shorter_than_its_in_offset_is_refused_under_the_clip()
    {
        var otio = Timeline("Early", Track("Video", Gap(3, 25), Dissolve(5, 5, 25), Clip("Shot", External("a.mp4"), 25, 50, 25)));

        Assert.Equal("tracks.children[0].children[2] (Clip \"Shot\"): the transition into it starts 2 frame(s) before the track does: its in_offset is longer than what comes before it",
            Assert.Single(Refusals(otio)).ToString());
    }
}
