using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Interchange;

/// <summary>The tests' OTIO writer refuses what OTIO cannot hold instead of dropping it, so a round trip never passes by leaving things out.</summary>
public sealed class OtioWriterTests
{
    [Fact]
    public async Task The_whole_feature_sample_is_refused_for_what_OTIO_cannot_hold()
    {
        var feature = await TimelineJson.ReadFileAsync(Path.Combine(RepositoryPaths.Samples, "feature.json"), TestContext.Current.CancellationToken);

        Assert.Throws<NotSupportedException>(() => OtioWriter.Write(feature));
    }

    [Theory]
    [InlineData("transform")]
    [InlineData("opacity")]
    [InlineData("title")]
    [InlineData("color")]
    [InlineData("fit")]
    public async Task A_clip_with_a_field_OTIO_cannot_hold_is_refused(string field)
    {
        var timeline = await OtioFeatureSample.LoadAsync(TestContext.Current.CancellationToken);
        var track = timeline.VideoTracks[0];
        var first = track.Clips[0];
        var changed = field switch
        {
            "transform" => first with { Transform = new Transform { X = 10, Scale = 0.5 } },
            "opacity" => first with { Opacity = 0.5 },
            "title" => first with { Kind = ClipKind.Title, Asset = null, Title = new TitleStyle { Text = "Hello" } },
            "color" => first with { Kind = ClipKind.Color, Asset = null, Color = "#FF0000" },
            _ => first with { Fit = Fit.Cover },
        };
        var edited = timeline with { VideoTracks = [track with { Clips = [changed, .. track.Clips.Skip(1)] }] };

        var refused = Assert.Throws<NotSupportedException>(() => OtioWriter.Write(edited));
        Assert.StartsWith("videoTracks[0].clips[0]", refused.Message, StringComparison.Ordinal);
    }
}
