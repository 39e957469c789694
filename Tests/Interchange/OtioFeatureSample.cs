using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Interchange;

/// <summary>
/// The part of samples/feature.json that OpenTimelineIO can carry, as a native timeline: the main
/// track's clips from a.mp4 and b.mp4 with their source in-points and the crossfade between the first
/// two, a gap, and the music and voice tracks. Left out, because OTIO has nothing the importer reads
/// for them: the picture-in-picture and logo tracks (transform, opacity, fades), the colour bands
/// (generated colour) and the titles; the main clips' fit (a.mp4 and b.mp4 are 16:9 like the output,
/// so every fit shows the same picture and the default is kept); the first clip's own sound (an OTIO
/// video track carries picture only); the audio clips' volume and fades. The third main clip and the
/// two crossfades that join it are left out too, so that a gap stands between clips. The output is
/// 640x360 instead of 1920x1080 to keep the renders quick.
/// </summary>
public static class OtioFeatureSample
{
    public const int Width = 640;
    public const int Height = 360;

    private static readonly int[] KeptMainClips = [0, 1, 3];

    public static async Task<Timeline> LoadAsync(CancellationToken cancellationToken)
    {
        var feature = await TimelineJson.ReadFileAsync(Path.Combine(RepositoryPaths.Samples, "feature.json"), cancellationToken);
        var main = feature.VideoTracks[0];
        var clips = KeptMainClips.Select(i => main.Clips[i] with { Fit = Fit.Contain, Audio = false, Volume = 1.0 }).ToList();
        var audio = feature.AudioTracks
            .Select(t => new AudioTrack { Clips = t.Clips.Select(c => c with { Volume = 1.0, FadeIn = 0, FadeOut = 0 }).ToList() })
            .ToList();
        var used = clips.Select(c => c.Asset!).Concat(audio.SelectMany(t => t.Clips).Select(c => c.Asset)).ToHashSet();
        return feature with
        {
            Output = feature.Output with { Width = Width, Height = Height },
            Assets = feature.Assets.Where(a => used.Contains(a.Key)).ToDictionary(),
            VideoTracks =
            [
                // Clips 0 and 1 are still neighbours, so the crossfade from clip 0 keeps its index.
                new VideoTrack { Clips = clips, Transitions = main.Transitions.Where(t => t.FromClip == 0).ToList() },
            ],
            AudioTracks = audio,
            Render = new RenderSettings { Preset = feature.Render.Preset },
        };
    }
}
