using System.Globalization;

namespace RenderFarm.Timelines;

public static partial class TimelineLoader
{
    /// <summary>
    /// Whether each clip's asset holds what the clip takes from it: pictures or sound, and for long
    /// enough. Clips whose asset was already refused are skipped.
    /// </summary>
    private static List<ValidationError> CheckMedia(Timeline timeline, IReadOnlyDictionary<string, ResolvedAsset> assets)
    {
        var errors = new List<ValidationError>();
        var rate = timeline.Output.FrameRate;

        for (var i = 0; i < timeline.VideoTracks.Count; i++)
        {
            var clips = timeline.VideoTracks[i].Clips;
            for (var j = 0; j < clips.Count; j++)
            {
                var clip = clips[j];
                if (clip.Asset is null || !assets.TryGetValue(clip.Asset, out var asset))
                    continue;

                var path = $"videoTracks[{i}].clips[{j}]";
                if (clip.Kind == ClipKind.Video)
                {
                    if (!asset.HasVideo)
                        errors.Add(new($"{path}.asset", $"must name a video asset; '{asset.Id}' has no video stream"));
                    else if (asset.IsStillImage)
                        errors.Add(new($"{path}.asset", "must name a video asset; use kind image for stills"));
                    else
                        CheckSourceRange(path, clip.SourceIn, clip.Duration, asset, rate, errors);
                }
                else if (clip.Kind == ClipKind.Image && !asset.IsStillImage)
                {
                    errors.Add(new($"{path}.asset", asset.HasVideo
                        ? "must name a still image; use kind video for moving pictures"
                        : $"must name a still image; '{asset.Id}' has no picture"));
                }
            }
        }

        for (var i = 0; i < timeline.AudioTracks.Count; i++)
        {
            var clips = timeline.AudioTracks[i].Clips;
            for (var j = 0; j < clips.Count; j++)
            {
                var clip = clips[j];
                if (!assets.TryGetValue(clip.Asset, out var asset))
                    continue;

                var path = $"audioTracks[{i}].clips[{j}]";
                if (!asset.HasAudio)
                    errors.Add(new($"{path}.asset", $"must name an asset with sound; '{asset.Id}' has no audio stream"));
                else
                    CheckSourceRange(path, clip.SourceIn, clip.Duration, asset, rate, errors);
            }
        }

        return errors;
    }

    /// <summary>A clip may end at most half a frame after its source does (container rounding).</summary>
    private static void CheckSourceRange(
        string path, int sourceIn, int duration, ResolvedAsset asset, Rational rate, List<ValidationError> errors)
    {
        var end = rate.SecondsAt((long)sourceIn + duration);
        var tolerance = rate.SecondsAt(1) / 2;
        if (end > asset.DurationSeconds + tolerance)
        {
            errors.Add(new(
                $"{path}.duration",
                $"sourceIn + duration reach {Seconds(end)} s into '{asset.Id}', which is only {Seconds(asset.DurationSeconds)} s long"));
        }
    }

    private static string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
