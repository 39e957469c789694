using RenderFarm.Timelines;

namespace RenderFarm.Costs;

/// <summary>
/// How much an output megapixel costs to encode with a timeline's settings, against x264 at its
/// <c>fast</c> speed (the Standard preset) = 1. The weights are the ratios of x264's and x265's
/// speed presets and ProRes on this project's machines; the cost model's encode coefficient carries
/// the absolute figure, so only the ratios matter here.
/// </summary>
public static class EncoderWeights
{
    public const double Veryfast = 0.4;
    public const double Fast = 1.0;
    public const double Slow = 2.2;
    /// <summary>x265 against x264 at the same speed preset.</summary>
    public const double H265Factor = 2.5;
    /// <summary>
    /// Still picture (a background, a title, an image) against moving video of the same size: x264 finds
    /// little to do in it. A black 1080p frame with a title encoded in 3.2 s of 90 frames where a
    /// sample clip took 6.4 s (one thread, fast). A weight, not a coefficient of its own, so that it
    /// follows the encode's calibration: pools rarely render titles alone enough to calibrate one.
    /// </summary>
    public const double Still = 0.5;

    /// <summary>prores_ks: intra-only, no motion search, but 10-bit 4:2:2 and many more bits to write.</summary>
    public const double ProRes = 0.7;

    public static double For(RenderSettings settings)
    {
        var speed = settings.Preset switch
        {
            QualityPreset.Draft => Veryfast,
            QualityPreset.Standard => Fast,
            _ => Slow,
        };
        var codec = settings.Codec ?? (settings.Preset == QualityPreset.Master ? VideoCodec.ProRes : VideoCodec.H264);
        return codec switch
        {
            VideoCodec.H265 => speed * H265Factor,
            VideoCodec.ProRes => ProRes,
            _ => speed,
        };
    }
}
