using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// Renders the whole timeline's sound once, verifies its length and commits it atomically. A timeline
/// with more pieces of sound than <paramref name="maxInputsPerRun"/> is mixed in stages, so that no
/// ffmpeg run opens thousands of inputs.
/// </summary>
public sealed class AudioRenderer(FfmpegRunner runner, int maxInputsPerRun = WorkLimits.DefaultMaxInputsPerRun)
{
    public async Task<MediaFacts> RenderAsync(ResolvedTimeline timeline, string committedPath, CancellationToken cancellationToken)
    {
        var profile = EncodingProfiles.Resolve(timeline.Timeline.Render);
        var output = timeline.Output;
        var temporary = TemporaryFile.Beside(committedPath);
        var stages = new List<string>();
        try
        {
            var (runs, final) = AudioMixStages.Plan(AudioMixGraph.Placements(timeline), output.Audio, maxInputsPerRun, run =>
            {
                var path = TemporaryFile.Beside(committedPath) + $".stage{run}.w64";
                stages.Add(path);
                return path;
            });
            foreach (var run in runs)
                await runner.RunAsync(run, framesEncoded: null, cancellationToken);
            var length = AudioMixGraph.Clock(timeline).Sample(output.DurationFrames);
            await runner.RunAsync(AudioMixGraph.Mix(final, output.Audio, 0, length, AudioMixGraph.Encoded(profile), temporary), framesEncoded: null, cancellationToken);
            var seconds = output.FrameRate.SecondsAt(output.DurationFrames);
            var facts = await MediaVerifier.VerifyAudioAsync(temporary, output.Audio, seconds, cancellationToken);
            File.Move(temporary, committedPath, overwrite: true);
            return facts;
        }
        finally
        {
            TemporaryFile.Delete(temporary);
            foreach (var stage in stages)
                TemporaryFile.Delete(stage);
        }
    }
}
