using RenderFarm.Interchange;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Interchange;

/// <summary>OTIO times at whole and NTSC rates land on exact output frames; a source range at another rate lands exactly or is rounded with a warning.</summary>
public sealed class OtioRateTests
{
    /// <summary>The rate as an OTIO file writes it, and the exact rate it stands for.</summary>
    public static TheoryData<string, int, int> Rates => new()
    {
        { "24.0", 24, 1 },
        { "25.0", 25, 1 },
        { "29.97002997002997", 30000, 1001 },
        { "23.976023976023978", 24000, 1001 },
        // Editors that round the NTSC rates.
        { "29.97", 30000, 1001 },
        { "23.976", 24000, 1001 },
    };

    [Theory]
    [MemberData(nameof(Rates))]
    public void Clips_gaps_and_a_dissolve_land_on_exact_output_frames(string rate, int numerator, int denominator)
    {
        // Video: a 12-frame gap, a.mp4 from frame 10 for 48 frames, a dissolve (4 before the cut, 6 after),
        // b.mp4 from frame 100 for 36 frames. Audio: a 24-frame gap, music.m4a from frame 5 for 60 frames.
        var otio = $$"""
            {
              "OTIO_SCHEMA": "Timeline.1",
              "name": "at {{rate}}",
              "tracks": {
                "OTIO_SCHEMA": "Stack.1",
                "children": [
                  {
                    "OTIO_SCHEMA": "Track.1",
                    "kind": "Video",
                    "children": [
                      { "OTIO_SCHEMA": "Gap.1", "source_range": {{Range(0, 12, rate)}} },
                      { "OTIO_SCHEMA": "Clip.1", "name": "A", "source_range": {{Range(10, 48, rate)}},
                        "media_reference": { "OTIO_SCHEMA": "ExternalReference.1", "target_url": "a.mp4" } },
                      { "OTIO_SCHEMA": "Transition.1", "transition_type": "SMPTE_Dissolve",
                        "in_offset": {{Time(4, rate)}}, "out_offset": {{Time(6, rate)}} },
                      { "OTIO_SCHEMA": "Clip.1", "name": "B", "source_range": {{Range(100, 36, rate)}},
                        "media_reference": { "OTIO_SCHEMA": "ExternalReference.1", "target_url": "b.mp4" } }
                    ]
                  },
                  {
                    "OTIO_SCHEMA": "Track.1",
                    "kind": "Audio",
                    "children": [
                      { "OTIO_SCHEMA": "Gap.1", "source_range": {{Range(0, 24, rate)}} },
                      { "OTIO_SCHEMA": "Clip.1", "name": "music", "source_range": {{Range(5, 60, rate)}},
                        "media_reference": { "OTIO_SCHEMA": "ExternalReference.1", "target_url": "music.m4a" } }
                    ]
                  }
                ]
              }
            }
            """;

        var result = OtioImporter.Import(otio);

        Assert.Empty(result.Warnings);
        var timeline = result.Timeline;
        Assert.Equal(new Rational(numerator, denominator), timeline.Output.FrameRate);
        Assert.Equal(96, timeline.Output.DurationFrames);
        var video = Assert.Single(timeline.VideoTracks);
        Assert.Collection(video.Clips,
            a => Assert.Equal(("a", 12, 54, 10), (a.Asset, a.Start, a.Duration, a.SourceIn)),
            b => Assert.Equal(("b", 56, 40, 96), (b.Asset, b.Start, b.Duration, b.SourceIn)));
        var dissolve = Assert.Single(video.Transitions);
        Assert.Equal((0, 10), (dissolve.FromClip, dissolve.Duration));
        var music = Assert.Single(Assert.Single(timeline.AudioTracks).Clips);
        Assert.Equal(("music", 24, 60, 5), (music.Asset, music.Start, music.Duration, music.SourceIn));
    }

    [Fact]
    public void A_30_fps_source_range_that_lands_on_output_frames_converts_exactly_in_a_24000_1001_timeline()
    {
        // 1001 frames at 30 fps last exactly as long as 800 at 24000/1001 (33.366... s).
        var result = OtioImporter.Import(InterviewAt30Fps(sourceStart: 108000 + 1001, duration: 1001));

        Assert.Empty(result.Warnings);
        Assert.Equal(new Rational(24000, 1001), result.Timeline.Output.FrameRate);
        var clip = Assert.Single(Assert.Single(result.Timeline.VideoTracks).Clips);
        Assert.Equal((24, 800, 800), (clip.Start, clip.Duration, clip.SourceIn));
        Assert.Equal(824, result.Timeline.Output.DurationFrames);
    }

    [Fact]
    public void A_30_fps_source_range_between_output_frames_is_rounded_to_the_nearest_with_a_warning()
    {
        // Source start 1.5 s = 35.96 output frames; end 24 frames + 2 s = 71.95 output frames.
        var result = OtioImporter.Import(InterviewAt30Fps(sourceStart: 108000 + 45, duration: 60));

        var clip = Assert.Single(Assert.Single(result.Timeline.VideoTracks).Clips);
        Assert.Equal((24, 48, 36), (clip.Start, clip.Duration, clip.SourceIn));
        Assert.Equal(2, result.Warnings.Count);
        Assert.All(result.Warnings, w => Assert.Equal(InterviewLabel, w.Field));
        Assert.Contains(result.Warnings, w => w.Rule.StartsWith("its end", StringComparison.Ordinal) && w.Rule.Contains("rounded to frame 72", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Rule.StartsWith("its source start", StringComparison.Ordinal) && w.Rule.Contains("rounded to frame 36", StringComparison.Ordinal));
    }

    [Fact]
    public void A_30_fps_source_range_between_output_frames_is_refused_in_strict_mode()
    {
        var refused = Assert.Throws<TimelineValidationException>(() =>
            OtioImporter.Import(InterviewAt30Fps(sourceStart: 108000 + 45, duration: 60), new OtioImportOptions { Strict = true }));

        Assert.Equal(2, refused.Errors.Count);
        Assert.All(refused.Errors, e =>
        {
            Assert.Equal(InterviewLabel, e.Field);
            Assert.Contains("falls between output frames", e.Rule, StringComparison.Ordinal);
            Assert.Contains("refused", e.Rule, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_30_fps_source_range_that_lands_on_output_frames_is_accepted_in_strict_mode()
    {
        var result = OtioImporter.Import(InterviewAt30Fps(sourceStart: 108000 + 1001, duration: 1001), new OtioImportOptions { Strict = true });

        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void The_output_rate_is_the_first_video_clips_even_under_an_audio_track_timed_in_samples()
    {
        // The audio track comes first in the stack and counts in samples: 19200 are 10 frames, 48000 are 25.
        var otio = $$"""
            {
              "OTIO_SCHEMA": "Timeline.1",
              "tracks": {
                "OTIO_SCHEMA": "Stack.1",
                "children": [
                  { "OTIO_SCHEMA": "Track.1", "kind": "Audio", "children": [
                      { "OTIO_SCHEMA": "Clip.1", "name": "voice", "source_range": {{Range(19200, 48000, "48000.0")}},
                        "media_reference": { "OTIO_SCHEMA": "ExternalReference.1", "target_url": "voice.wav" } } ] },
                  { "OTIO_SCHEMA": "Track.1", "kind": "Video", "children": [
                      { "OTIO_SCHEMA": "Clip.1", "name": "A", "source_range": {{Range(0, 50, "25.0")}},
                        "media_reference": { "OTIO_SCHEMA": "ExternalReference.1", "target_url": "a.mp4" } } ] }
                ]
              }
            }
            """;

        var result = OtioImporter.Import(otio);

        Assert.Empty(result.Warnings);
        Assert.Equal(new Rational(25, 1), result.Timeline.Output.FrameRate);
        var voice = Assert.Single(Assert.Single(result.Timeline.AudioTracks).Clips);
        Assert.Equal((0, 25, 10), (voice.Start, voice.Duration, voice.SourceIn));
    }

    private const string InterviewLabel = "tracks.children[0].children[1] (Clip \"interview\")";

    /// <summary>
    /// A 24000/1001 timeline (its start timecode's rate, not its first clip's): a 24-frame gap, then a
    /// clip of a 30 fps camera file whose media starts at 01:00:00:00 (frame 108000 at 30 fps).
    /// </summary>
    private static string InterviewAt30Fps(int sourceStart, int duration) => $$"""
        {
          "OTIO_SCHEMA": "Timeline.1",
          "name": "mixed rates",
          "global_start_time": {{Time(86400, "23.976023976023978")}},
          "tracks": {
            "OTIO_SCHEMA": "Stack.1",
            "children": [
              {
                "OTIO_SCHEMA": "Track.1",
                "kind": "Video",
                "children": [
                  { "OTIO_SCHEMA": "Gap.1", "source_range": {{Range(0, 24, "23.976023976023978")}} },
                  {
                    "OTIO_SCHEMA": "Clip.1",
                    "name": "interview",
                    "source_range": {{Range(sourceStart, duration, "30.0")}},
                    "media_reference": {
                      "OTIO_SCHEMA": "ExternalReference.1",
                      "target_url": "camera/interview.mp4",
                      "available_range": {{Range(108000, 3003, "30.0")}}
                    }
                  }
                ]
              }
            ]
          }
        }
        """;

    private static string Time(int value, string rate) =>
        $$"""{ "OTIO_SCHEMA": "RationalTime.1", "rate": {{rate}}, "value": {{value}}.0 }""";

    private static string Range(int start, int duration, string rate) =>
        $$"""{ "OTIO_SCHEMA": "TimeRange.1", "start_time": {{Time(start, rate)}}, "duration": {{Time(duration, rate)}} }""";
}
