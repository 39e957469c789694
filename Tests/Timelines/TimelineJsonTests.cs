using RenderFarm.Timelines;
using Xunit;

namespace RenderFarm.Tests.Timelines;

public sealed class TimelineJsonTests
{
    private const string FullSample = """
        {
          // Comments and trailing commas are allowed.
          "version": 1,
          "output": {
            "width": 1920, "height": 1080, "frameRate": "30000/1001", "durationFrames": 900,
            "background": "#101820",
            "audio": { "sampleRate": 44100, "channelLayout": "mono" }
          },
          "assets": {
            "intro": { "path": "media/intro.mp4", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
            "logo": { "path": "media/logo.png" },
            "music": { "path": "audio/music.wav" }
          },
          "videoTracks": [
            {
              "clips": [
                { "kind": "video", "asset": "intro", "sourceIn": 12, "start": 0, "duration": 500, "fit": "cover",
                  "audio": false, "volume": 0.5, "fadeIn": 15 },
                { "kind": "image", "asset": "logo", "start": 470, "duration": 430, "fit": "stretch" }
              ],
              "transitions": [ { "kind": "crossfade", "fromClip": 0, "duration": 30 } ]
            },
            {
              "clips": [
                { "kind": "color", "color": "#00000080", "start": 0, "duration": 90,
                  "transform": { "x": -20, "y": 40, "scale": 0.25 }, "opacity": 0.75 },
                { "kind": "title", "start": 100, "duration": 60, "fadeOut": 10,
                  "title": { "text": "It's 100% \"real\": {x}", "fontSize": 72, "color": "#FFFFFFCC", "x": 64, "y": 900 } },
              ]
            }
          ],
          "audioTracks": [
            { "clips": [ { "asset": "music", "sourceIn": 30, "start": 0, "duration": 900, "volume": 0.8, "fadeIn": 30, "fadeOut": 60 } ] }
          ],
          "render": { "preset": "high", "codec": "h265", "container": "mkv", "crf": 22 }
        }
        """;

    [Fact]
    public void A_full_sample_parses_into_every_field()
    {
        var timeline = TimelineJson.Parse(FullSample);

        Assert.Equal(1, timeline.Version);
        Assert.Equal(new Rational(30000, 1001), timeline.Output.FrameRate);
        Assert.Equal((1920, 1080, 900), (timeline.Output.Width, timeline.Output.Height, timeline.Output.DurationFrames));
        Assert.Equal(new AudioFormat { SampleRate = 44100, ChannelLayout = "mono" }, timeline.Output.Audio);
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", timeline.Assets["intro"].Sha256);
        Assert.Null(timeline.Assets["logo"].Sha256);

        var intro = timeline.VideoTracks[0].Clips[0];
        Assert.Equal((ClipKind.Video, "intro", 12, 0, 500, Fit.Cover), (intro.Kind, intro.Asset, intro.SourceIn, intro.Start, intro.Duration, intro.Fit));
        Assert.False(intro.Audio);
        Assert.Equal(new Transition { Kind = TransitionKind.Crossfade, FromClip = 0, Duration = 30 }, timeline.VideoTracks[0].Transitions[0]);

        var box = timeline.VideoTracks[1].Clips[0];
        Assert.Equal(new Transform { X = -20, Y = 40, Scale = 0.25 }, box.Transform);
        Assert.Equal(Transform.FullFrame, timeline.VideoTracks[0].Clips[1].Transform);
        Assert.Equal("It's 100% \"real\": {x}", timeline.VideoTracks[1].Clips[1].Title!.Text);
        Assert.Equal(60, timeline.AudioTracks[0].Clips[0].FadeOut);
        Assert.Equal(new RenderSettings { Preset = QualityPreset.High, Codec = VideoCodec.H265, Container = Container.Mkv, Crf = 22 }, timeline.Render);

        Assert.Empty(TimelineValidator.Validate(timeline));
    }

    [Theory]
    [InlineData("\"30000/1001\"", 30000, 1001)]
    [InlineData("25", 25, 1)]
    [InlineData("\"25\"", 25, 1)]
    [InlineData("\"24000/1001\"", 24000, 1001)]
    public void Frame_rates_parse_as_fractions_or_whole_numbers(string json, int numerator, int denominator) =>
        Assert.Equal(new Rational(numerator, denominator), TimelineJson.Parse(WithFrameRate(json)).Output.FrameRate);

    [Theory]
    [InlineData("\"thirty\"")]
    [InlineData("\"30/1/1\"")]
    [InlineData("\"-30\"")]
    [InlineData("29.97")]
    [InlineData("true")]
    public void A_bad_frame_rate_is_refused_naming_output_frameRate(string json)
    {
        var errors = TimelineValidator.Validate(TimelineJson.Parse(WithFrameRate(json)));

        Assert.Contains(errors, e => e.Field == "output.frameRate");
        Assert.DoesNotContain(errors, e => e.Field == "output.durationFrames");
    }

    [Theory]
    [InlineData("prores", VideoCodec.ProRes)]
    [InlineData("proRes", VideoCodec.ProRes)]
    [InlineData("h264", VideoCodec.H264)]
    public void Codec_names_parse(string name, VideoCodec codec) =>
        Assert.Equal(codec, TimelineJson.Parse(Minimal($$"""{ "codec": "{{name}}", "container": "mkv" }""")).Render.Codec);

    [Fact]
    public void Container_mkv_parses() =>
        Assert.Equal(Container.Mkv, TimelineJson.Parse(Minimal("""{ "container": "mkv" }""")).Render.Container);

    [Fact]
    public void An_unknown_field_is_refused_naming_its_path()
    {
        var json = FullSample.Replace("\"fontSize\": 72", "\"fontSize\": 72, \"fontFamily\": \"Arial\"", StringComparison.Ordinal);

        var refused = Assert.Throws<TimelineValidationException>(() => TimelineJson.Parse(json));

        var error = Assert.Single(refused.Errors);
        Assert.StartsWith("videoTracks[1].clips[1].title", error.Field, StringComparison.Ordinal);
        Assert.Contains("fontFamily", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_enum_value_is_refused_naming_its_path()
    {
        var refused = Assert.Throws<TimelineValidationException>(() => TimelineJson.Parse(Minimal("""{ "codec": "av1" }""")));

        Assert.Equal("render.codec", Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public void A_timeline_survives_writing_and_reading_back()
    {
        var timeline = TimelineJson.Parse(FullSample);

        var again = TimelineJson.Parse(TimelineJson.Write(timeline));

        Assert.Equal(TimelineJson.Write(timeline), TimelineJson.Write(again));
    }

    private static string WithFrameRate(string frameRate) => $$"""
        { "version": 1, "output": { "width": 640, "height": 360, "frameRate": {{frameRate}}, "durationFrames": 10 } }
        """;

    private static string Minimal(string render) => $$"""
        { "version": 1, "output": { "width": 640, "height": 360, "frameRate": 25, "durationFrames": 10 }, "render": {{render}} }
        """;
}
