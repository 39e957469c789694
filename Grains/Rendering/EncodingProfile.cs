using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>Everything the encoders need, resolved from a timeline's render settings.</summary>
public sealed record EncodingProfile(
    VideoCodec Codec,
    Container Container,
    string VideoEncoder,
    IReadOnlyList<string> VideoQualityArguments,
    string PixelFormat,
    string AudioEncoder,
    IReadOnlyList<string> AudioQualityArguments)
{
    /// <summary>File extension of the final output, with the dot.</summary>
    public string OutputExtension => Container switch
    {
        Container.Mp4 => ".mp4",
        Container.Mov => ".mov",
        Container.Mkv => ".mkv",
        _ => throw new ArgumentOutOfRangeException(nameof(Container), Container, null),
    };

    /// <summary>Chunks travel as QuickTime-family files: exact timescales and stream copy into any final container.</summary>
    public string ChunkExtension => Codec == VideoCodec.ProRes ? ".mov" : ".mp4";

    /// <summary>The codec name ffprobe reports for this profile's video.</summary>
    public string ProbedVideoCodec => Codec switch
    {
        VideoCodec.H264 => "h264",
        VideoCodec.H265 => "hevc",
        VideoCodec.ProRes => "prores",
        _ => throw new ArgumentOutOfRangeException(nameof(Codec), Codec, null),
    };

    /// <summary>Extension of the separately rendered audio track.</summary>
    public string AudioExtension => AudioEncoder.StartsWith("pcm_", StringComparison.Ordinal) ? ".mov" : ".m4a";
}
