using System.Text;
using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// Builds the ffmpeg command that renders one frame range of a timeline, video only.
/// Every chunk applies the same clip-level mapping (trim, timestamp shift, fps) on absolute timeline
/// timestamps as a single full-length render would, so output frame N shows the same source frame
/// whichever chunk renders it; inputs are only seeked to a little before what the chunk needs.
/// </summary>
/// <param name="threads">Threads the filter graph and the encoder use; ffmpeg's own choice (every core) when null.</param>
public sealed class VideoChunkGraph(string fontFile, int? threads = null)
{
    /// <summary>How far before the first needed source frame an input is seeked (ffmpeg then decodes from the keyframe before).</summary>
    public static readonly TimeSpan SeekPreroll = TimeSpan.FromSeconds(0.5);

    /// <param name="still">A still of the picture to write beside the chunk; none when null. The chunk's own bytes are the same either way.</param>
    public VideoChunkJob Build(ResolvedTimeline resolved, FrameRange range, EncodingProfile profile, string outputPath, StillOutput? still = null)
    {
        var output = resolved.Output;
        var clock = new TimelineClock(output.FrameRate, output.Audio.SampleRate);
        var inputs = new List<FfmpegInput>();
        var textFiles = new List<TitleTextFile>();
        var graph = new StringBuilder();
        var layers = new VideoLayerChains(resolved, range, clock, fontFile);

        var background = ColorValue.TryParse(output.Background, out var bg) ? bg.ToFfmpeg() : "black";
        graph.Append($"color=c={background}:s={output.Width}x{output.Height}:r={clock.RateExpression},")
             .Append($"trim=end_frame={range.Count},setpts=PTS+{range.Start},format=yuv444p[base0];\n");
        var baseIndex = 0;

        for (var t = 0; t < resolved.Timeline.VideoTracks.Count; t++)
        {
            var track = resolved.Timeline.VideoTracks[t];
            for (var c = 0; c < track.Clips.Count; c++)
            {
                var clip = track.Clips[c];
                if (!range.Overlaps(clip.Start, clip.End))
                    continue;
                var crossfadeIn = track.Transitions.FirstOrDefault(tr => tr.FromClip == c - 1)?.Duration ?? 0;
                var label = $"t{t}c{c}";
                var current = $"base{baseIndex}";
                var next = $"base{++baseIndex}";

                if (clip.Kind == ClipKind.Title)
                {
                    var textFile = Path.Combine(Path.GetDirectoryName(outputPath)!, $"{Path.GetFileNameWithoutExtension(outputPath)}.{label}.txt");
                    textFiles.Add(new TitleTextFile(textFile, clip.Title!.Text));
                    graph.Append($"[{current}]{layers.Title(clip, crossfadeIn, textFile)}[{next}];\n");
                    continue;
                }

                var layer = clip.Kind switch
                {
                    ClipKind.Video => layers.Video(clip, crossfadeIn, inputs),
                    ClipKind.Image => layers.Image(clip, crossfadeIn, inputs),
                    ClipKind.Color => layers.Color(clip, crossfadeIn),
                    _ => throw new ArgumentOutOfRangeException(nameof(resolved), clip.Kind, "unknown clip kind"),
                };
                graph.Append($"{layer.Chain}[{label}];\n");
                graph.Append($"[{current}][{label}]overlay=x='{layer.X}':y='{layer.Y}':eof_action=pass:format=yuv444[{next}];\n");
            }
        }

        graph.Append($"[base{baseIndex}]setpts=PTS-STARTPTS,format={profile.PixelFormat}");
        // The encoded picture, split after its last filter: the chunk's branch is untouched.
        if (still is not null)
            graph.Append(",split=2[vout][still0];\n").Append($"[still0]{still.Chain}[still]");
        else
            graph.Append("[vout]");

        var command = new FfmpegCommand(
            GlobalOptions: threads is { } count ? ["-copyts", "-filter_complex_threads", FilterText.Number(count)] : ["-copyts"],
            Inputs: inputs,
            FilterGraph: graph.ToString(),
            OutputOptions:
            [
                "-map", "[vout]", "-frames:v", FilterText.Number(range.Count), "-an", "-sn", "-dn",
                "-c:v", profile.VideoEncoder, .. profile.VideoArguments(threads),
                "-video_track_timescale", FilterText.Number(Timescale.For(output.FrameRate)),
                "-map_metadata", "-1", "-fflags", "+bitexact", "-f", profile.ChunkExtension == ".mov" ? "mov" : "mp4",
            ],
            OutputPath: outputPath)
        {
            Reads = textFiles.Count == 0 ? [] : [fontFile, .. textFiles.Select(text => text.Path)],
            FollowingOutputs = still?.Arguments("still") ?? [],
        };
        return new VideoChunkJob(command, textFiles);
    }
}

/// <summary>A text file a title reads its text from, so the text never appears in the graph itself.</summary>
public sealed record TitleTextFile(string Path, string Text);

/// <summary>The command for one chunk and the title text files it needs beside it.</summary>
public sealed record VideoChunkJob(FfmpegCommand Command, IReadOnlyList<TitleTextFile> TextFiles);
