namespace RenderFarm.Timelines;

/// <summary>
/// The one input policy of every ffmpeg and ffprobe run: only the file protocol and a fixed list of
/// container demuxers, so that no asset (an HLS playlist, a DASH manifest, an ffconcat list, a device)
/// can make either open anything the timeline did not name. Probing at validation uses the same lists
/// as rendering, so validation never accepts what a render would refuse.
/// </summary>
public static class InputPolicy
{
    public const string AllowedProtocols = "file";

    public const string AllowedDemuxers =
        "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,mxf,image2,png_pipe,jpeg_pipe,webp_pipe,bmp_pipe,tiff_pipe,gif,wav,w64,aiff,mp3,flac,ogg,aac";

    public static IReadOnlyList<string> Sandbox { get; } =
        ["-protocol_whitelist", AllowedProtocols, "-format_whitelist", AllowedDemuxers];

    /// <summary>The same lists as ffprobe arguments (FFMpegCore places them before the input).</summary>
    public static string ProbeArguments { get; } = string.Join(' ', Sandbox);
}
