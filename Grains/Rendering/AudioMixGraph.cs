using System.Text;
using RenderFarm.Timelines;
using static RenderFarm.Rendering.FilterText;

namespace RenderFarm.Rendering;

/// <summary>
/// Builds the one ffmpeg command that renders the whole timeline's sound: every audio clip and every
/// video clip whose sound is on, placed to the sample, mixed, and cut to the timeline's exact length.
/// Rendering it once (not per chunk) keeps AAC priming and fades from clicking at chunk seams.
/// </summary>
public static class AudioMixGraph
{
    private sealed record Placement(string AssetId, int SourceIn, int Start, int Duration, double Volume, int FadeIn, int FadeOut);

    public static FfmpegCommand Build(ResolvedTimeline resolved, EncodingProfile profile, string outputPath)
    {
        var output = resolved.Output;
        var audio = output.Audio;
        var clock = new TimelineClock(output.FrameRate, audio.SampleRate);
        var totalSamples = clock.Sample(output.DurationFrames);
        var placements = Placements(resolved).ToList();
        var inputs = new List<FfmpegInput>();
        var graph = new StringBuilder();
        var format = $"aresample={audio.SampleRate},aformat=sample_fmts=fltp:sample_rates={audio.SampleRate}:channel_layouts={audio.ChannelLayout}";

        foreach (var placement in placements)
        {
            var index = inputs.Count;
            inputs.Add(MediaInputs.File(resolved.Assets[placement.AssetId].FullPath));
            var startSample = clock.Sample(placement.Start);
            var length = clock.Sample(placement.Start + placement.Duration) - startSample;
            var sourceStart = clock.Sample(placement.SourceIn);
            graph.Append($"[{index}:a]{format},atrim=start_sample={sourceStart}:end_sample={sourceStart + length},asetpts=PTS-STARTPTS");
            if (placement.FadeIn > 0)
                graph.Append($",afade=t=in:ss=0:ns={clock.Sample(placement.Start + placement.FadeIn) - startSample}");
            if (placement.FadeOut > 0)
            {
                var fadeStart = clock.Sample(placement.Start + placement.Duration - placement.FadeOut) - startSample;
                graph.Append($",afade=t=out:ss={fadeStart}:ns={length - fadeStart}");
            }
            if (placement.Volume != 1.0)
                graph.Append($",volume={Number(placement.Volume)}");
            graph.Append($",adelay=delays={startSample}S:all=1[a{index}];\n");
        }

        if (placements.Count == 0)
            graph.Append($"anullsrc=r={audio.SampleRate}:cl={audio.ChannelLayout}");
        else
        {
            for (var i = 0; i < placements.Count; i++)
                graph.Append($"[a{i}]");
            graph.Append($"amix=inputs={placements.Count}:duration=longest:dropout_transition=0:normalize=0");
        }
        graph.Append($",apad=whole_len={totalSamples},atrim=end_sample={totalSamples},{format}[aout]");

        return new FfmpegCommand(
            GlobalOptions: [],
            Inputs: inputs,
            FilterGraph: graph.ToString(),
            OutputOptions:
            [
                "-map", "[aout]", "-vn", "-sn", "-dn", "-c:a", profile.AudioEncoder, .. profile.AudioQualityArguments,
                "-map_metadata", "-1", "-fflags", "+bitexact", "-f", profile.AudioExtension == ".mov" ? "mov" : "mp4",
            ],
            OutputPath: outputPath);
    }

    /// <summary>Every piece of sound on the timeline; a video crossfade also crossfades the two clips' sound.</summary>
    private static IEnumerable<Placement> Placements(ResolvedTimeline resolved)
    {
        foreach (var track in resolved.Timeline.VideoTracks)
        {
            for (var c = 0; c < track.Clips.Count; c++)
            {
                var clip = track.Clips[c];
                if (clip.Kind != ClipKind.Video || !clip.Audio || clip.Volume == 0 || !resolved.Assets[clip.Asset!].HasAudio)
                    continue;
                var crossfadeIn = track.Transitions.FirstOrDefault(t => t.FromClip == c - 1)?.Duration ?? 0;
                var crossfadeOut = track.Transitions.FirstOrDefault(t => t.FromClip == c)?.Duration ?? 0;
                yield return new Placement(clip.Asset!, clip.SourceIn, clip.Start, clip.Duration, clip.Volume,
                    Math.Max(clip.FadeIn, crossfadeIn), Math.Max(clip.FadeOut, crossfadeOut));
            }
        }
        foreach (var clip in resolved.Timeline.AudioTracks.SelectMany(t => t.Clips))
        {
            if (clip.Volume > 0)
                yield return new Placement(clip.Asset, clip.SourceIn, clip.Start, clip.Duration, clip.Volume, clip.FadeIn, clip.FadeOut);
        }
    }
}
