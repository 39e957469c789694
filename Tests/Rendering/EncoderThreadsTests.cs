using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Rendering;

/// <summary>A slot's thread count reaches the chunk's encoder.</summary>
public sealed class EncoderThreadsTests
{
    [Fact]
    public void X264_and_ProRes_take_the_threads_as_the_encoders_thread_count()
    {
        foreach (var preset in new[] { QualityPreset.Standard, QualityPreset.Master })
        {
            var profile = EncodingProfiles.Resolve(new RenderSettings { Preset = preset });

            Assert.Equal([.. profile.VideoQualityArguments, "-threads", "2"], profile.VideoArguments(2));
        }
    }

    [Fact]
    public void X265_also_sizes_its_thread_pool()
    {
        var profile = EncodingProfiles.Resolve(new RenderSettings { Codec = VideoCodec.H265 });

        var arguments = profile.VideoArguments(3);

        Assert.Equal("log-level=error:pools=3", arguments[arguments.ToList().IndexOf("-x265-params") + 1]);
        Assert.Equal(["-threads", "3"], arguments.TakeLast(2));
    }

    [Fact]
    public void Without_a_count_ffmpeg_chooses()
    {
        var profile = EncodingProfiles.Resolve(new RenderSettings());

        Assert.Same(profile.VideoQualityArguments, profile.VideoArguments(null));
    }
}
