using System.Text;
using RenderFarm.Timelines;
using static RenderFarm.Rendering.FilterText;

namespace RenderFarm.Rendering;

/// <summary>
/// Builds the ffmpeg command that mixes pieces of sound, placed to the sample, into a stretch of the
/// timeline: every audio clip and every video clip whose sound is on. Rendering the sound once (not per
/// chunk) keeps AAC priming and fades from clicking at chunk seams; <see cref="AudioMixStages"/> splits a
/// mix of more pieces than one run should open into stages of this command.
/// </summary>
public static class AudioMixGraph
{
    /// <summary>The whole timeline's sound in one run, encoded as the profile says.</summary>
    public static FfmpegCommand Build(ResolvedTimeline resolved, EncodingProfile profile, string outputPath)
    {
        var clock = Clock(resolved);
        return Mix(Placements(resolved), resolved.Output.Audio, 0, clock.Sample(resolved.Output.DurationFrames), Encoded(profile), outputPath);
    }

    /// <summary>The pieces mixed into the stretch of <paramref name="length"/> samples from <paramref name="from"/>, padded with silence to its exact length.</summary>
    public static FfmpegCommand Mix(IReadOnlyList<SoundPlacement> pieces, AudioFormat audio, long from, long length, IReadOnlyList<string> encoding, string outputPath)
    {
        var inputs = new List<FfmpegInput>();
        var graph = new StringBuilder();
        var format = $"aresample={audio.SampleRate},aformat=sample_fmts=fltp:sample_rates={audio.SampleRate}:channel_layouts={audio.ChannelLayout}";

        foreach (var piece in pieces)
        {
            var index = inputs.Count;
            inputs.Add(MediaInputs.File(piece.Path));
            graph.Append($"[{index}:a]{format},atrim=start_sample={piece.SourceStart}:end_sample={piece.SourceStart + piece.Length},asetpts=PTS-STARTPTS");
            if (piece.FadeIn > 0)
                graph.Append($",afade=t=in:ss=0:ns={piece.FadeIn}");
            if (piece.FadeOut > 0)
                graph.Append($",afade=t=out:ss={piece.Length - piece.FadeOut}:ns={piece.FadeOut}");
            if (piece.Volume != 1.0)
                graph.Append($",volume={Number(piece.Volume)}");
            graph.Append($",adelay=delays={piece.Start - from}S:all=1[a{index}];\n");
        }

        if (pieces.Count == 0)
            graph.Append($"anullsrc=r={audio.SampleRate}:cl={audio.ChannelLayout}");
        else
        {
            for (var i = 0; i < pieces.Count; i++)
                graph.Append($"[a{i}]");
            graph.Append($"amix=inputs={pieces.Count}:duration=longest:dropout_transition=0:normalize=0");
        }
        graph.Append($",apad=whole_len={length},atrim=end_sample={length},{format}[aout]");

        return new FfmpegCommand(
            GlobalOptions: [],
            Inputs: inputs,
            FilterGraph: graph.ToString(),
            OutputOptions: ["-map", "[aout]", "-vn", "-sn", "-dn", .. encoding],
            OutputPath: outputPath);
    }

    /// <summary>The output options of the finished sound: the profile's encoder and container.</summary>
    public static IReadOnlyList<string> Encoded(EncodingProfile profile) =>
    [
        "-c:a", profile.AudioEncoder, .. profile.AudioQualityArguments,
        "-map_metadata", "-1", "-fflags", "+bitexact", "-f", profile.AudioExtension == ".mov" ? "mov" : "mp4",
    ];

    public static TimelineClock Clock(ResolvedTimeline resolved) => new(resolved.Output.FrameRate, resolved.Output.Audio.SampleRate);

    /// <summary>Every piece of sound on the timeline; a video crossfade also crossfades the two clips' sound.</summary>
    public static IReadOnlyList<SoundPlacement> Placements(ResolvedTimeline resolved)
    {
        var clock = Clock(resolved);
        var pieces = new List<SoundPlacement>();
        foreach (var track in resolved.Timeline.VideoTracks)
        {
            for (var c = 0; c < track.Clips.Count; c++)
            {
                var clip = track.Clips[c];
                if (clip.Kind != ClipKind.Video || !clip.Audio || clip.Volume == 0 || !resolved.Assets[clip.Asset!].HasAudio)
                    continue;
                var crossfadeIn = track.Transitions.FirstOrDefault(t => t.FromClip == c - 1)?.Duration ?? 0;
                var crossfadeOut = track.Transitions.FirstOrDefault(t => t.FromClip == c)?.Duration ?? 0;
                pieces.Add(Place(clock, resolved.Assets[clip.Asset!].FullPath, clip.SourceIn, clip.Start, clip.Duration, clip.Volume,
                    Math.Max(clip.FadeIn, crossfadeIn), Math.Max(clip.FadeOut, crossfadeOut)));
            }
        }
        foreach (var clip in resolved.Timeline.AudioTracks.SelectMany(t => t.Clips))
        {
            if (clip.Volume > 0)
                pieces.Add(Place(clock, resolved.Assets[clip.Asset].FullPath, clip.SourceIn, clip.Start, clip.Duration, clip.Volume, clip.FadeIn, clip.FadeOut));
        }
        return pieces;
    }

    /// <summary>A clip's frames as samples: each edge on the first sample of its frame, so that neighbours tile.</summary>
    private static SoundPlacement Place(TimelineClock clock, string path, int sourceIn, int start, int duration, double volume, int fadeIn, int fadeOut)
    {
        var startSample = clock.Sample(start);
        var length = clock.Sample(start + duration) - startSample;
        var fadeInSamples = fadeIn > 0 ? clock.Sample(start + fadeIn) - startSample : 0;
        var fadeOutSamples = fadeOut > 0 ? length - (clock.Sample(start + duration - fadeOut) - startSample) : 0;
        return new SoundPlacement(path, clock.Sample(sourceIn), startSample, length, volume, fadeInSamples, fadeOutSamples);
    }
}
