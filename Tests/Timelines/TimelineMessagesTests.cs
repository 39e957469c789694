using RenderFarm.Timelines;

namespace RenderFarm.Tests.Timelines;

/// <summary>What an author is told about a timeline that cannot be read: where, and which rule, in words safe to print.</summary>
public sealed class TimelineMessagesTests
{
    private const string Output = """
        "output": { "width": 640, "height": 360, "frameRate": 25, "durationFrames": 50 }
        """;

    [Theory]
    [InlineData("{ \"version\": 1, \"output\": { \"width\": 640, \"height\": 360, \"frameRate\": 25, \"durationFrames\": 5 } }\n{ }", 2, 1)]
    [InlineData("{\n  'version': 1\n}", 2, 3)]
    [InlineData("{ \"version\": 1,\n  \"output\": { \"width\": 640,, } }", 2, 28)]
    public void Malformed_json_names_its_line_and_position(string json, int line, int position)
    {
        var error = Assert.Single(Assert.Throws<TimelineValidationException>(() => TimelineJson.Parse(json)).Errors);

        Assert.NotEqual("", error.Field);
        Assert.True(error.Rule.Contains($"line {line}, position {position}", StringComparison.Ordinal), error.Rule);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    [InlineData("[ { \"version\": 1 } ]")]
    [InlineData("null")]
    [InlineData("42")]
    public void A_document_that_is_not_an_object_is_refused_as_the_document(string json)
    {
        var error = Assert.Single(Assert.Throws<TimelineValidationException>(() => TimelineJson.Parse(json)).Errors);

        Assert.Equal("$", error.Field);
        Assert.Matches("is empty|must be a JSON object", error.Rule);
    }

    [Fact]
    public void A_property_name_holding_terminal_escapes_is_echoed_escaped()
    {
        var json = $$"""{ "version": 1, {{Output}}, "\u001b[2J\u001b[31mred\nforged": 1 }""";

        var refused = Assert.Throws<TimelineValidationException>(() => TimelineJson.Parse(json));

        var error = Assert.Single(refused.Errors);
        Assert.DoesNotContain(error.ToString(), char.IsControl);
        Assert.DoesNotContain(refused.Message.ReplaceLineEndings(""), char.IsControl);
        Assert.Contains("\\u001b[31mred\\u000aforged", error.Field, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "kind": "color", "color": "#000000", "duration": 10 }""", "videoTracks[0].clips[0].start")]
    [InlineData("""{ "kind": "color", "color": "#000000", "start": 0 }""", "videoTracks[0].clips[0].duration")]
    public void A_clip_without_a_required_field_is_refused_naming_it(string clip, string field)
    {
        var json = $$"""{ "version": 1, {{Output}}, "videoTracks": [ { "clips": [ {{clip}} ] } ] }""";

        var error = Assert.Single(Assert.Throws<TimelineValidationException>(() => TimelineJson.Parse(json)).Errors);

        Assert.Equal((field, "is required"), (error.Field, error.Rule));
    }

    [Fact]
    public void A_timeline_without_its_output_is_refused_naming_it()
    {
        var error = Assert.Single(Assert.Throws<TimelineValidationException>(() => TimelineJson.Parse("""{ "version": 1 }""")).Errors);

        Assert.Equal("output", error.Field);
    }

    [Theory]
    [InlineData("Title\u0000hidden")]
    [InlineData("\u001b[31mred")]
    [InlineData("bell\u0007")]
    public void A_title_holding_control_characters_is_refused_by_field(string text)
    {
        var timeline = TitleTimeline(text);

        var error = Assert.Single(TimelineValidator.Validate(timeline));

        Assert.Equal("videoTracks[0].clips[0].title.text", error.Field);
        Assert.DoesNotContain(error.ToString(), char.IsControl);
    }

    [Fact]
    public void A_title_may_hold_newlines_and_tabs() =>
        Assert.Empty(TimelineValidator.Validate(TitleTimeline("Line one\n\tLine two")));

    [Fact]
    public void An_odd_width_and_a_bad_frame_rate_are_both_named()
    {
        var json = """{ "version": 1, "output": { "width": 641, "height": 360, "frameRate": "fast", "durationFrames": 50 } }""";

        var errors = TimelineValidator.Validate(TimelineJson.Parse(json));

        Assert.Equal(["output.frameRate", "output.width"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_frame_rate_is_held_in_lowest_terms()
    {
        var timeline = TimelineJson.Parse(WithRate("\"2147483647/2147483647\""));

        Assert.Equal((1, 1), (timeline.Output.FrameRate.Numerator, timeline.Output.FrameRate.Denominator));
        Assert.Equal(new Rational(30000, 1001), new Rational(60000, 2002));
        Assert.Empty(TimelineValidator.Validate(timeline));
    }

    [Fact]
    public void A_frame_rate_whose_lowest_terms_are_too_large_is_refused()
    {
        var errors = TimelineValidator.Validate(TimelineJson.Parse(WithRate("\"2147483646/2147483645\"")));

        var error = Assert.Single(errors);
        Assert.Equal("output.frameRate", error.Field);
        Assert.Contains($"at most {TimelineValidator.MaxFrameRateTerm}", error.Rule, StringComparison.Ordinal);
    }

    private static string WithRate(string rate) =>
        $$"""{ "version": 1, "output": { "width": 640, "height": 360, "frameRate": {{rate}}, "durationFrames": 50 } }""";

    private static Timeline TitleTimeline(string text) => TimelineJson.Parse($$"""
        { "version": 1, {{Output}},
          "videoTracks": [ { "clips": [ { "kind": "title", "start": 0, "duration": 50, "title": { "text": {{System.Text.Json.JsonSerializer.Serialize(text)}} } } ] } ] }
        """);
}
