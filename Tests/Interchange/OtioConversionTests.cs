using RenderFarm.Interchange;
using RenderFarm.Timelines;
using static RenderFarm.Tests.Interchange.OtioText;

namespace RenderFarm.Tests.Interchange;

public sealed class OtioConversionTests
{
    [Fact]
    public void Clips_gaps_and_a_dissolve_land_on_exact_output_frames_with_the_first_video_track_at_the_bottom()
    {
        // Media timecode starts at 01:00:00:00 (86400 at 24 fps); the clips play 2 s into a.mp4 and from b.mp4's start.
        var media = Range(86400, 720, 24);
        var otio = Timeline("Cut 3", string.Join(", ",
            Track("Video",
                Clip("A", External("footage/a.mp4", media), 86448, 48, 24),
                Dissolve(6, 6, 24),
                Clip("B", External("footage/b.mp4", media), 86412, 36, 24),
                Gap(24, 24),
                Clip("A again", External("footage/a.mp4", media), 86400, 24, 24)),
            Track("Video", Gap(12, 24), Clip("Logo", External("logo.png"), 0, 24, 24))),
            globalStart: Time(86400, 24));

        var result = OtioImporter.Import(otio);

        Assert.Equal("Cut 3", result.Name);
        Assert.Empty(result.Warnings);
        var timeline = result.Timeline;
        Assert.Equal(new Rational(24, 1), timeline.Output.FrameRate);
        Assert.Equal((1920, 1080), (timeline.Output.Width, timeline.Output.Height));
        Assert.Equal(48 + 36 + 24 + 24, timeline.Output.DurationFrames);
        Assert.Equal(["a", "b", "logo"], timeline.Assets.Keys.Order());
        Assert.Equal("footage/a.mp4", timeline.Assets["a"].Path);

        var bottom = timeline.VideoTracks[0];
        // A runs 6 frames past the cut at 48, B starts 6 frames before it with its source 6 frames earlier.
        Assert.Equal(
            [("a", 48, 0, 54), ("b", 6, 42, 42), ("a", 0, 108, 24)],
            bottom.Clips.Select(c => (c.Asset!, c.SourceIn, c.Start, c.Duration)));
        var crossfade = Assert.Single(bottom.Transitions);
        Assert.Equal((TransitionKind.Crossfade, 0, 12), (crossfade.Kind, crossfade.FromClip, crossfade.Duration));
        Assert.All(bottom.Clips, c => Assert.False(c.Audio));

        var logo = Assert.Single(timeline.VideoTracks[1].Clips);
        Assert.Equal((ClipKind.Image, 0, 12, 24), (logo.Kind, logo.SourceIn, logo.Start, logo.Duration));
    }

    [Fact]
    public void Clip_2_plays_its_active_reference_and_a_disabled_clip_leaves_its_time_empty()
    {
        var clip2 = $$$"""
            {"OTIO_SCHEMA": "Clip.2", "name": "Proxy or full", "source_range": {{{Range(0, 25, 25)}}},
             "active_media_reference_key": "full",
             "media_references": {"DEFAULT_MEDIA": {{{External("proxy/a.mp4")}}}, "full": {{{External("full/a.mp4")}}}},
             "effects": [], "markers": [], "metadata": {}}
            """;
        var otio = Timeline("Versions", Track("Video",
            clip2,
            Clip("Muted", External("full/b.mp4"), 0, 25, 25, extra: ", \"enabled\": false"),
            Clip("Last", External("full/b.mp4"), 25, 25, 25)));

        var timeline = OtioImporter.Import(otio).Timeline;

        Assert.Equal(["full/a.mp4", "full/b.mp4"], timeline.Assets.Values.Select(a => a.Path).Order());
        Assert.Equal([(0, 25, 0), (50, 25, 25)], timeline.VideoTracks[0].Clips.Select(c => (c.Start, c.Duration, c.SourceIn)));
        Assert.Equal(75, timeline.Output.DurationFrames);
    }

    [Fact]
    public void A_dissolve_from_a_gap_fades_the_clip_in_and_one_to_a_gap_fades_it_out()
    {
        var otio = Timeline("Fades", Track("Video",
            Gap(25, 25), Dissolve(5, 5, 25), Clip("Shot", External("a.mp4"), 25, 50, 25), Dissolve(10, 0, 25), Gap(25, 25)));

        var clip = Assert.Single(OtioImporter.Import(otio).Timeline.VideoTracks[0].Clips);

        Assert.Equal((20, 20, 55, 10, 10), (clip.Start, clip.SourceIn, clip.Duration, clip.FadeIn, clip.FadeOut));
    }

    [Fact]
    public void An_audio_dissolve_puts_the_incoming_clip_on_a_second_track_and_the_two_fade_across()
    {
        var otio = Timeline("Sound", Track("Audio",
            Clip("Music", External("music.m4a"), 0, 100, 25), Dissolve(10, 10, 25), Clip("Voice", External("voice.wav"), 20, 50, 25)));

        var tracks = OtioImporter.Import(otio).Timeline.AudioTracks;

        Assert.Equal(2, tracks.Count);
        var music = Assert.Single(tracks[0].Clips);
        var voice = Assert.Single(tracks[1].Clips);
        Assert.Equal((0, 110, 0, 20), (music.Start, music.Duration, music.FadeIn, music.FadeOut));
        Assert.Equal((90, 60, 10, 20, 0), (voice.Start, voice.Duration, voice.SourceIn, voice.FadeIn, voice.FadeOut));
    }

    [Fact]
    public void Output_settings_come_from_the_options_then_the_files_metadata_then_the_defaults()
    {
        var otio = Timeline("Spec", Track("Video", Clip("A", External("a.mp4"), 0, 30, 30)),
            metadata: """{"renderfarm": {"width": 1280, "height": 720, "frameRate": "30000/1001", "preset": "draft"}}""");

        var fromFile = OtioImporter.Import(otio).Timeline;
        var fromOptions = OtioImporter.Import(otio, new OtioImportOptions { Width = 640, FrameRate = new Rational(30, 1), Preset = QualityPreset.High }).Timeline;

        Assert.Equal((1280, 720, new Rational(30000, 1001), QualityPreset.Draft),
            (fromFile.Output.Width, fromFile.Output.Height, fromFile.Output.FrameRate, fromFile.Render.Preset));
        Assert.Equal((640, 720, new Rational(30, 1), QualityPreset.High),
            (fromOptions.Output.Width, fromOptions.Output.Height, fromOptions.Output.FrameRate, fromOptions.Render.Preset));
        // 30 frames at 30 fps last 30 × 30000/1001 / 30 output frames at 30000/1001: 29.97, rounded to 30 with a warning.
        Assert.Equal(30, fromFile.Output.DurationFrames);
    }

    [Fact]
    public void Media_paths_are_rewritten_by_the_first_matching_rule_or_made_relative_to_the_media_root()
    {
        var otio = Timeline("Paths", Track("Video",
            Clip("Mac", External("file:///Volumes/Edit/Project%20X/media/a.mp4"), 0, 10, 25),
            Clip("Windows", External("file:///C:/Edit/b.mp4"), 0, 10, 25),
            Clip("Local", External("/srv/assets/footage/c.mp4"), 0, 10, 25)));

        var timeline = OtioImporter.Import(otio, new OtioImportOptions
        {
            PathRules = [MediaPathRule.Parse("/Volumes/Edit/Project X/media/=footage/"), MediaPathRule.Parse("C:/Edit/=")],
            MediaRoot = "/srv/assets",
        }).Timeline;

        Assert.Equal(["b.mp4", "footage/a.mp4", "footage/c.mp4"], timeline.Assets.Values.Select(a => a.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_gap_at_the_end_of_a_track_keeps_the_timeline_as_long_as_the_editor_played_it()
    {
        var otio = Timeline("Tail", string.Join(", ",
            Track("Video", Clip("Shot", External("a.mp4"), 0, 50, 25), Gap(25, 25)),
            Track("Audio", Clip("Music", External("music.m4a"), 0, 40, 25))));

        Assert.Equal(75, OtioImporter.Import(otio).Timeline.Output.DurationFrames);
    }
}
