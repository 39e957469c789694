using System.Globalization;
using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>Maps quality presets (and their overrides) to encoder settings.</summary>
public static class EncodingProfiles
{
    private sealed record PresetDefaults(VideoCodec Codec, Container Container, int Crf, string Speed);

    private static PresetDefaults DefaultsFor(QualityPreset preset) => preset switch
    {
        QualityPreset.Draft => new(VideoCodec.H264, Container.Mp4, Crf: 28, Speed: "veryfast"),
        QualityPreset.Standard => new(VideoCodec.H264, Container.Mp4, Crf: 20, Speed: "fast"),
        QualityPreset.High => new(VideoCodec.H264, Container.Mp4, Crf: 16, Speed: "slow"),
        QualityPreset.Master => new(VideoCodec.ProRes, Container.Mov, Crf: 12, Speed: "slow"),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, null),
    };

    public static EncodingProfile Resolve(RenderSettings settings)
    {
        var defaults = DefaultsFor(settings.Preset);
        var codec = settings.Codec ?? defaults.Codec;
        var container = settings.Container ?? (codec == VideoCodec.ProRes ? Container.Mov : defaults.Container);
        var rate = settings.VideoBitrateKbps is { } kbps
            ? new[] { "-b:v", kbps.ToString(CultureInfo.InvariantCulture) + "k" }
            : new[] { "-crf", (settings.Crf ?? defaults.Crf).ToString(CultureInfo.InvariantCulture) };
        var pcm = settings.Preset == QualityPreset.Master && container != Container.Mp4;
        var audioEncoder = pcm ? "pcm_s24le" : "aac";
        string[] audioQuality = pcm ? [] : ["-b:a", "192k"];

        return codec switch
        {
            VideoCodec.H264 => new EncodingProfile(codec, container, "libx264",
                ["-preset", defaults.Speed, .. rate, "-profile:v", "high"], "yuv420p", audioEncoder, audioQuality),
            VideoCodec.H265 => new EncodingProfile(codec, container, "libx265",
                ["-preset", defaults.Speed, .. rate, "-tag:v", "hvc1", "-x265-params", "log-level=error"], "yuv420p", audioEncoder, audioQuality),
            VideoCodec.ProRes => new EncodingProfile(codec, container, "prores_ks",
                ["-profile:v", "3", "-vendor", "apl0"], "yuv422p10le", audioEncoder, audioQuality),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), codec, "unsupported codec"),
        };
    }
}
