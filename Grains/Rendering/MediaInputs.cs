namespace RenderFarm.Rendering;

/// <summary>
/// The input options that keep ffmpeg to plain local media files: only the file protocol and a fixed
/// list of container demuxers, so that no asset (a playlist, a concat script, a device) can make ffmpeg
/// open anything the timeline did not name.
/// </summary>
public static class MediaInputs
{
    public const string AllowedDemuxers =
        "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,mxf,image2,png_pipe,jpeg_pipe,webp_pipe,bmp_pipe,tiff_pipe,wav,w64,aiff,mp3,flac,ogg,aac";

    public static IReadOnlyList<string> Sandbox { get; } =
        ["-protocol_whitelist", "file", "-format_whitelist", AllowedDemuxers];

    public static FfmpegInput File(string absolutePath, params string[] options) =>
        new(absolutePath, [.. Sandbox, .. options]);
}
