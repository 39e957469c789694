using RenderFarm.Costs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;
using static RenderFarm.Tests.Costs.CostTimelines;

namespace RenderFarm.Tests.Costs;

/// <summary>The quantities a piece's render time is reckoned from, counted on timelines whose answer is known.</summary>
public sealed class WorkFeatureTests
{
    private const double Mp1080 = 1920 * 1080 / 1e6;

    [Fact]
    public void A_plain_cut_encodes_composes_and_decodes_its_frames_once_plus_the_seek_preroll()
    {
        var features = WorkFeatureCounter.ForChunk(PlainCut(300), new FrameRange(0, 90));

        Assert.Equal(1, features.Chunk);
        Assert.Equal(90 * Mp1080, features.EncodedMegapixels, 6);
        // The canvas and the clip's full-frame box.
        Assert.Equal(2 * 90 * Mp1080, features.ComposedMegapixels, 6);
        // 90 frames shown, one and a half seconds (45 frames) decoded around them, from one input.
        Assert.Equal((90 + 45) * Mp1080, features.DecodedMegapixels, 6);
        Assert.Equal(1, features.Inputs);
        Assert.Equal((0.0, 0.0), (features.TitleFrames, features.FadeMegapixels));
        Assert.Equal(0.0, features.Sound + features.SoundSeconds + features.AudioClipSeconds + features.Merge + features.MergedMegapixels);
    }

    [Theory]
    [InlineData(QualityPreset.Draft, EncoderWeights.Veryfast)]
    [InlineData(QualityPreset.Standard, EncoderWeights.Fast)]
    [InlineData(QualityPreset.High, EncoderWeights.Slow)]
    [InlineData(QualityPreset.Master, EncoderWeights.ProRes)]
    public void The_encode_is_weighted_by_the_preset(QualityPreset preset, double weight)
    {
        var features = WorkFeatureCounter.ForChunk(PlainCut(60, preset), new FrameRange(0, 60));

        Assert.Equal(60 * Mp1080 * weight, features.EncodedMegapixels, 6);
    }

    [Fact]
    public void Picture_in_picture_layers_titles_and_fades_count_only_where_they_are_on_in_the_chunk()
    {
        var timeline = Resolved(1280, 720, 240,
        [
            new VideoTrack { Clips = [new VideoClip { Asset = "a", Start = 0, Duration = 240 }] },
            // A quarter-size inset (scale 0.5) of a 640x360 source from frame 60 to 180, fading in over 10 frames.
            new VideoTrack { Clips = [new VideoClip { Asset = "b", Start = 60, Duration = 120, FadeIn = 10, Transform = new Transform { X = 20, Y = 20, Scale = 0.5 } }] },
            // A logo at 0.25 scale on the whole timeline.
            new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Image, Asset = "logo", Start = 0, Duration = 240, Transform = new Transform { Scale = 0.25 } }] },
            new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Title, Start = 100, Duration = 100, Title = new TitleStyle { Text = "x" } }] },
        ],
        [Video("a", 1280, 720), Video("b", 640, 360), Image("logo", 256, 256)]);
        var outputMp = 1280 * 720 / 1e6;

        // Frames 120..180 of the inset's 60..180; the title's 100..200 from 120 to 240.
        var features = WorkFeatureCounter.ForChunk(timeline, new FrameRange(120, 120));

        // The canvas and the full-frame clip on all 120 frames, the inset on 60, the logo on 120.
        Assert.Equal(120 * outputMp * (1 + 1 + 0.0625) + 60 * outputMp * 0.25, features.ComposedMegapixels, 6);
        var decoded = (120 + 45) * outputMp + (60 + 45) * (640 * 360 / 1e6) + 120 * (256 * 256 / 1e6);
        Assert.Equal(decoded, features.DecodedMegapixels, 6);
        Assert.Equal(3, features.Inputs);
        Assert.Equal(80, features.TitleFrames);
        // The fade-in (frames 60..70) is before the chunk.
        Assert.Equal(0, features.FadeMegapixels);
        Assert.Equal(10 * outputMp * 0.25, WorkFeatureCounter.ForChunk(timeline, new FrameRange(0, 120)).FadeMegapixels, 6);
    }

    [Fact]
    public void The_part_of_the_frame_that_video_does_not_cover_encodes_at_the_still_pictures_share()
    {
        // Frames 0..100: a half-scale inset (a quarter of the frame) over a title; 100..200: nothing but the title.
        var timeline = Resolved(1920, 1080, 200,
        [
            new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Title, Start = 0, Duration = 200, Title = new TitleStyle { Text = "x" } }] },
            new VideoTrack { Clips = [new VideoClip { Asset = "a", Start = 0, Duration = 100, Transform = new Transform { Scale = 0.5 } }] },
            new VideoTrack { Clips = [new VideoClip { Asset = "a", Start = 50, Duration = 50, Transform = new Transform { Scale = 0.5 } }] },
        ],
        [Video("a", 1920, 1080)]);

        var features = WorkFeatureCounter.ForChunk(timeline, new FrameRange(0, 200));

        // 50 frames at a quarter, 50 at a half, 100 at none: 37.5 of 200 frames' worth moving, 162.5 still.
        Assert.Equal((37.5 + EncoderWeights.Still * 162.5) * Mp1080, features.EncodedMegapixels, 6);
    }

    [Fact]
    public void A_crossfade_counts_the_incoming_clip_under_its_ramp()
    {
        var timeline = Resolved(1920, 1080, 110,
            [new VideoTrack
            {
                Clips = [new VideoClip { Asset = "a", Start = 0, Duration = 60 }, new VideoClip { Asset = "a", Start = 50, Duration = 60, SourceIn = 100 }],
                Transitions = [new Transition { FromClip = 0, Duration = 10 }],
            }],
            [Video("a", 1920, 1080)]);

        var features = WorkFeatureCounter.ForChunk(timeline, new FrameRange(0, 110));

        Assert.Equal(10 * Mp1080, features.FadeMegapixels, 6);
        Assert.Equal((110 + 60 + 60) * Mp1080, features.ComposedMegapixels, 6);
    }

    [Fact]
    public void The_sound_counts_the_timeline_and_every_clip_heard_and_the_merge_every_frame()
    {
        var timeline = Resolved(1280, 720, 300,
            [new VideoTrack { Clips = [new VideoClip { Asset = "v", Start = 0, Duration = 150 }, new VideoClip { Asset = "v", Start = 150, Duration = 150, Audio = false }] }],
            [Video("v", 1280, 720, audio: true), Sound("music")],
            [new AudioTrack { Clips = [new AudioClip { Asset = "music", Start = 0, Duration = 300 }] }, new AudioTrack { Clips = [new AudioClip { Asset = "music", Start = 30, Duration = 60 }] }]);

        var sound = WorkFeatureCounter.For(WorkKind.Sound, timeline, new FrameRange(0, 300));
        var merge = WorkFeatureCounter.For(WorkKind.Merge, timeline, new FrameRange(0, 300));

        Assert.Equal((1.0, 10.0), (sound.Sound, sound.SoundSeconds));
        // Music 10 s + 2 s, and the first video clip's own 5 s (the second is muted).
        Assert.Equal(17.0, sound.AudioClipSeconds, 6);
        Assert.Equal((1.0, 300 * 1280 * 720 / 1e6), (merge.Merge, merge.MergedMegapixels));
        Assert.Equal(0.0, sound.Chunk + merge.Chunk + merge.EncodedMegapixels);
    }

    [Fact]
    public void The_vector_follows_the_names()
    {
        var features = new WorkFeatures { Chunk = 1, Inputs = 2, EncodedMegapixels = 3, ComposedMegapixels = 4, DecodedMegapixels = 5, TitleFrames = 6, FadeMegapixels = 7, Sound = 8, SoundSeconds = 9, AudioClipSeconds = 10, Merge = 11, MergedMegapixels = 12 };

        Assert.Equal(Enumerable.Range(1, WorkFeatures.Count).Select(i => (double)i), features.ToVector());
        Assert.Equal(WorkFeatures.Count, CostModel.DefaultCoefficients.Count);
    }
}
