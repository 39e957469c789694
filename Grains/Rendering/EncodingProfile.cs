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

    /// <summary>
    /// The encoder's arguments: <see cref="VideoQualityArguments"/>, and with <paramref name="threads"/>
    /// its thread count (x265 takes it as its thread pool's size, among its own parameters).
    /// </summary>
    public IReadOnlyList<string> VideoArguments(int? threads)
    {
        if (threads is not { } count)
            return VideoQualityArguments;
        var number = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var arguments = VideoQualityArguments.ToList();
        var x265 = arguments.IndexOf("-x265-params");
        if (x265 >= 0 && x265 + 1 < arguments.Count)
            arguments[x265 + 1] += ":pools=" + number;
        arguments.AddRange(["-threads", number]);
        return arguments;
    }

    /// <summary>Extension of the separately rendered audio track.</summary>
    public string AudioExtension => AudioEncoder.StartsWith("pcm_", StringComparison.Ordinal) ? ".mov" : ".m4a";
}
