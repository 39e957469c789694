using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// The second output of a chunk's run: a JPEG of the picture being encoded, rewritten in place (atomically)
/// about every <see cref="Every"/> of wall time, at a small size of the output's aspect.
/// </summary>
public sealed record StillOutput(string Path, int Width, int Height, TimeSpan Every)
{
    /// <summary>JPEG quality (2 best, 31 worst): small and still readable at thumbnail size.</summary>
    public const int Quality = 5;

    public static StillOutput For(OutputSpec output, ThumbnailOptions options, string path)
    {
        var width = Math.Min(options.Width, output.Width / 2 * 2);
        var height = Math.Max(2, (int)Math.Round((double)output.Height * width / output.Width / 2) * 2);
        return new StillOutput(path, width, height, options.Every);
    }

    /// <summary>
    /// The filter chain from the split picture to the still: a frame is let through once <see cref="Every"/>
    /// has passed on the wall clock since the last one (ffmpeg's <c>time(0)</c>, the time kept in variable 0),
    /// then scaled to full-range 4:2:0 for the JPEG encoder. Numbers only: nothing here comes from a timeline.
    /// </summary>
    public string Chain =>
        $"select='if(gte(time(0)-ld(0),{FilterText.Number(Every.TotalSeconds)}),st(0,time(0)))'," +
        $"scale={FilterText.Number(Width)}:{FilterText.Number(Height)}:out_range=full,format=yuv420p";

    /// <summary>
    /// The output's options and path: every selected frame as it comes (no frame-rate filling), one file
    /// replaced by rename so a reader never sees half of one. Full-range 4:2:0 is what JPEG means by 4:2:0,
    /// which this encoder only takes as "unofficial".
    /// </summary>
    public IReadOnlyList<string> Arguments(string label) =>
    [
        "-map", $"[{label}]", "-an", "-sn", "-dn", "-fps_mode", "passthrough",
        "-c:v", "mjpeg", "-strict", "unofficial", "-q:v", FilterText.Number(Quality), "-threads", "1",
        "-f", "image2", "-update", "1", "-atomic_writing", "1", Path,
    ];
}
