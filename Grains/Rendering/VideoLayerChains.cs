using RenderFarm.Timelines;
using static RenderFarm.Rendering.FilterText;

namespace RenderFarm.Rendering;

/// <summary>A filter chain producing one clip's picture at absolute timeline timestamps, and where it goes.</summary>
public sealed record VideoLayer(string Chain, string X, string Y);

/// <summary>
/// The per-clip filter chains of <see cref="VideoChunkGraph"/>. Each chain yields yuva444p frames with
/// pts in output frames (time base 1/rate), limited to the part of the clip inside the chunk.
/// </summary>
internal sealed class VideoLayerChains(ResolvedTimeline resolved, FrameRange range, TimelineClock clock, string fontFile)
{
    private readonly OutputSpec output = resolved.Output;

    public VideoLayer Video(VideoClip clip, int crossfadeIn, List<FfmpegInput> inputs)
    {
        var asset = resolved.Assets[clip.Asset!];
        var first = Math.Max(clip.Start, range.Start);
        var last = Math.Min(clip.End, range.End);
        var sourceEnd = clock.Seconds(clip.SourceIn + clip.Duration);
        var neededFrom = clock.Seconds(clip.SourceIn + first - clip.Start);
        // Stop decoding shortly after the chunk's last frame; fps only needs the frame after it.
        var neededUntil = Math.Min(sourceEnd, clock.Seconds(clip.SourceIn + last - clip.Start) + VideoChunkGraph.SeekPreroll.TotalSeconds);
        var seek = neededFrom - VideoChunkGraph.SeekPreroll.TotalSeconds;

        var index = inputs.Count;
        inputs.Add(seek > 0
            ? MediaInputs.File(asset.FullPath, "-noaccurate_seek", "-ss", Number(seek))
            : MediaInputs.File(asset.FullPath));

        // The rate conversion runs on the source's own timestamps, before any shift: fps rescales each
        // frame's pts to output frames rounding up, in exact integers, so output slot n (n frames after
        // the source's start) shows the last source frame that starts at or before n / rate, the one on
        // screen at that moment; a frame that starts exactly then is the one shown. The shift to timeline
        // frames afterwards is a whole number of frames, so nothing is rounded twice and every chunk maps
        // alike. No source-side start trim: the frame on screen at the in-point may begin before it, and
        // the output-side trim below cuts exactly at the clip's first frame anyway.
        var chain = $"[{index}:v]trim=end={Number(neededUntil)}," +
                    $"fps=fps={clock.RateExpression}:round=up,setpts=PTS+({Number((long)clip.Start - clip.SourceIn)})," +
                    $"trim=start_pts={first}:end_pts={last}," +
                    Fit(clip) + Alpha(clip, crossfadeIn);
        return Placed(clip, chain);
    }

    public VideoLayer Image(VideoClip clip, int crossfadeIn, List<FfmpegInput> inputs)
    {
        var asset = resolved.Assets[clip.Asset!];
        var index = inputs.Count;
        inputs.Add(MediaInputs.File(asset.FullPath, "-loop", "1", "-framerate", clock.RateExpression));
        var (first, count) = Span(clip);
        var chain = $"[{index}:v]trim=end_frame={count},setpts='round(({first}+N)/({clock.RateExpression})/TB)'," +
                    $"fps=fps={clock.RateExpression}," + Fit(clip) + Alpha(clip, crossfadeIn);
        return Placed(clip, chain);
    }

    public VideoLayer Color(VideoClip clip, int crossfadeIn)
    {
        var (width, height) = Box(clip);
        var (first, count) = Span(clip);
        ColorValue.TryParse(clip.Color, out var fill);
        var chain = $"color=c={fill.ToFfmpeg()}:s={width}x{height}:r={clock.RateExpression}," +
                    $"trim=end_frame={count},setpts=PTS+{first},format=yuva444p" + Alpha(clip, crossfadeIn);
        return new VideoLayer(chain, Number(clip.Transform.X), Number(clip.Transform.Y));
    }

    /// <summary>A drawtext filter for the main chain; the text comes from a file and is never expanded.</summary>
    public string Title(VideoClip clip, int crossfadeIn, string textFile)
    {
        var title = clip.Title!;
        ColorValue.TryParse(title.Color, out var color);
        var x = title.X is { } left ? Number(left) : "(w-text_w)/2";
        var y = title.Y is { } top ? Number(top) : "(h-text_h)/2";
        var alpha = Number(clip.Opacity) +
                    Ramp("(t-{0})/{1}", clock.Seconds(clip.Start), Math.Max(clip.FadeIn, crossfadeIn)) +
                    Ramp("({0}-t)/{1}", clock.Seconds(clip.End), clip.FadeOut);
        // Half a frame of margin keeps the enable window off exact floating-point frame times.
        var from = clock.Seconds(clip.Start) - clock.Seconds(1) / 2;
        var until = clock.Seconds(clip.End) - clock.Seconds(1) / 2;
        return $"drawtext=fontfile={OptionValue(fontFile)}:textfile={OptionValue(textFile)}:expansion=none:" +
               $"fontsize={title.FontSize}:fontcolor={color.ToFfmpeg()}:x='{x}':y='{y}':" +
               $"alpha='{alpha}':enable='between(t,{Number(from)},{Number(until)})'";
    }

    private string Ramp(string form, double edge, int frames) =>
        frames <= 0 ? "" : "*clip(" + string.Format(System.Globalization.CultureInfo.InvariantCulture, form, Number(edge), Number(clock.Seconds(frames))) + ",0,1)";

    private (int First, int Count) Span(VideoClip clip)
    {
        var first = Math.Max(clip.Start, range.Start);
        return (first, Math.Min(clip.End, range.End) - first);
    }

    private (int Width, int Height) Box(VideoClip clip) =>
        (Math.Max(1, (int)Math.Round(output.Width * clip.Transform.Scale)),
         Math.Max(1, (int)Math.Round(output.Height * clip.Transform.Scale)));

    private string Fit(VideoClip clip)
    {
        var (width, height) = Box(clip);
        return clip.Fit switch
        {
            Timelines.Fit.Stretch => $"scale={width}:{height},setsar=1,format=yuva444p",
            Timelines.Fit.Cover => $"scale={width}:{height}:force_original_aspect_ratio=increase,crop={width}:{height},setsar=1,format=yuva444p",
            _ => $"scale={width}:{height}:force_original_aspect_ratio=decrease,setsar=1,format=yuva444p",
        };
    }

    /// <summary>Fades, crossfade and opacity, all as alpha and all keyed to absolute timeline time.</summary>
    private string Alpha(VideoClip clip, int crossfadeIn)
    {
        var filters = "";
        if (crossfadeIn > 0)
            filters += $",fade=t=in:st={Number(clock.Seconds(clip.Start))}:d={Number(clock.Seconds(crossfadeIn))}:alpha=1";
        if (clip.FadeIn > 0)
            filters += $",fade=t=in:st={Number(clock.Seconds(clip.Start))}:d={Number(clock.Seconds(clip.FadeIn))}:alpha=1";
        if (clip.FadeOut > 0)
            filters += $",fade=t=out:st={Number(clock.Seconds(clip.End - clip.FadeOut))}:d={Number(clock.Seconds(clip.FadeOut))}:alpha=1";
        if (clip.Opacity < 1)
            filters += $",lutyuv=a='val*{Number(clip.Opacity)}'";
        return filters;
    }

    private VideoLayer Placed(VideoClip clip, string chain)
    {
        var (width, height) = Box(clip);
        var x = Number(clip.Transform.X);
        var y = Number(clip.Transform.Y);
        return clip.Fit == Timelines.Fit.Contain
            ? new VideoLayer(chain, $"{x}+({width}-overlay_w)/2", $"{y}+({height}-overlay_h)/2")
            : new VideoLayer(chain, x, y);
    }
}
