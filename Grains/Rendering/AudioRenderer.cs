using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>Renders the whole timeline's sound once, verifies its length and commits it atomically.</summary>
public sealed class AudioRenderer(FfmpegRunner runner)
{
    public async Task<MediaFacts> RenderAsync(ResolvedTimeline timeline, string committedPath, CancellationToken cancellationToken)
    {
        var profile = EncodingProfiles.Resolve(timeline.Timeline.Render);
        var temporary = TemporaryFile.Beside(committedPath);
        try
        {
            await runner.RunAsync(AudioMixGraph.Build(timeline, profile, temporary), framesEncoded: null, cancellationToken);
            var seconds = timeline.Output.FrameRate.SecondsAt(timeline.Output.DurationFrames);
            var facts = await MediaVerifier.VerifyAudioAsync(temporary, timeline.Output.Audio, seconds, cancellationToken);
            File.Move(temporary, committedPath, overwrite: true);
            return facts;
        }
        finally
        {
            TemporaryFile.Delete(temporary);
        }
    }
}
