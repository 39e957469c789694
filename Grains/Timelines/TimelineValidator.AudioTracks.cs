namespace RenderFarm.Timelines;

public static partial class TimelineValidator
{
    private static void ValidateAudioTracks(
        IReadOnlyList<AudioTrack>? tracks, FrameLimits frame, HashSet<string> assetIds, List<ValidationError> errors)
    {
        if (tracks is null)
        {
            errors.Add(new("audioTracks", "is required"));
            return;
        }

        for (var i = 0; i < tracks.Count; i++)
        {
            var path = $"audioTracks[{i}]";
            if (tracks[i]?.Clips is not { } clips)
            {
                errors.Add(new(tracks[i] is null ? path : $"{path}.clips", "is required"));
                continue;
            }

            for (var j = 0; j < clips.Count; j++)
            {
                if (clips[j] is { } clip)
                    ValidateAudioClip($"{path}.clips[{j}]", clip, frame, assetIds, errors);
                else
                    errors.Add(new($"{path}.clips[{j}]", "is required"));
            }

            CheckAudioOverlaps(path, clips, errors);
        }
    }

    private static void ValidateAudioClip(
        string path, AudioClip clip, FrameLimits frame, HashSet<string> assetIds, List<ValidationError> errors)
    {
        CheckAssetName(path, clip.Asset, assetIds, errors);
        CheckTiming(path, clip.Start, clip.Duration, clip.SourceIn, frame, errors);
        CheckVolume(path, clip.Volume, errors);
        CheckFades(path, clip.Duration, clip.FadeIn, clip.FadeOut, errors);
    }

    /// <summary>Sounds on one track never overlap; mixing belongs on separate tracks.</summary>
    private static void CheckAudioOverlaps(string path, IReadOnlyList<AudioClip?> clips, List<ValidationError> errors)
    {
        var placed = clips
            .Select((clip, index) => (Clip: clip!, Index: index))
            .Where(c => c.Clip is { Start: >= 0, Duration: > 0 })
            .OrderBy(c => c.Clip.Start)
            .ThenBy(c => c.Index);

        (AudioClip Clip, int Index)? furthest = null;
        foreach (var (clip, index) in placed)
        {
            if (furthest is { } before && clip.Start < EndOf(before.Clip))
            {
                errors.Add(new(
                    $"{path}.clips[{index}].start",
                    $"overlaps clips[{before.Index}], which ends at frame {EndOf(before.Clip)}; audio clips on one track must not overlap"));
            }

            if (furthest is null || EndOf(clip) > EndOf(furthest.Value.Clip))
                furthest = (clip, index);
        }
    }

    private static long EndOf(AudioClip clip) => (long)clip.Start + clip.Duration;
}
