namespace RenderFarm.Timelines;

public static partial class TimelineValidator
{
    private static void ValidateVideoTracks(
        IReadOnlyList<VideoTrack>? tracks, FrameLimits frame, HashSet<string> assetIds, List<ValidationError> errors)
    {
        if (tracks is null)
        {
            errors.Add(new("videoTracks", "is required"));
            return;
        }

        for (var i = 0; i < tracks.Count; i++)
        {
            var path = $"videoTracks[{i}]";
            if (tracks[i] is not { } track)
            {
                errors.Add(new(path, "is required"));
                continue;
            }

            if (track.Clips is not { } clips)
            {
                errors.Add(new($"{path}.clips", "is required"));
                continue;
            }

            for (var j = 0; j < clips.Count; j++)
            {
                if (clips[j] is { } clip)
                    ValidateVideoClip($"{path}.clips[{j}]", clip, frame, assetIds, errors);
                else
                    errors.Add(new($"{path}.clips[{j}]", "is required"));
            }

            if (track.Transitions is null)
                errors.Add(new($"{path}.transitions", "is required"));
            var joined = ValidateTransitions(path, clips, track.Transitions ?? [], errors);
            CheckVideoClipOrder(path, clips, joined, errors);
        }
    }

    /// <summary>Checks each transition; returns the clips that a transition joins to the clip after them.</summary>
    private static HashSet<int> ValidateTransitions(
        string path, IReadOnlyList<VideoClip?> clips, IReadOnlyList<Transition?> transitions, List<ValidationError> errors)
    {
        var joined = new HashSet<int>();
        for (var k = 0; k < transitions.Count; k++)
        {
            var field = $"{path}.transitions[{k}]";
            if (transitions[k] is not { } transition)
            {
                errors.Add(new(field, "is required"));
                continue;
            }

            CheckDefined(transition.Kind, $"{field}.kind", errors);
            var from = transition.FromClip;
            if (clips.Count < 2)
            {
                errors.Add(new($"{field}.fromClip", $"needs two clips to join; the track has {clips.Count}"));
                continue;
            }

            if (from < 0 || from > clips.Count - 2)
            {
                errors.Add(new($"{field}.fromClip", $"must be between 0 and {clips.Count - 2}"));
                continue;
            }

            if (!joined.Add(from))
            {
                errors.Add(new($"{field}.fromClip", $"clips[{from}] already has a transition; at most one per clip"));
                continue;
            }

            if (clips[from] is { } first && clips[from + 1] is { } second)
                CheckTransitionFit(path, field, transition, first, second, errors);
        }

        return joined;
    }

    private static void CheckTransitionFit(
        string path, string field, Transition transition, VideoClip first, VideoClip second, List<ValidationError> errors)
    {
        var from = transition.FromClip;
        var duration = transition.Duration;
        if (duration <= 0)
            errors.Add(new($"{field}.duration", "must be > 0"));
        else if (first.Duration > 0 && duration > first.Duration)
            errors.Add(new($"{field}.duration", $"must not exceed the duration of clips[{from}] ({first.Duration})"));
        else if (second.Duration > 0 && duration > second.Duration)
            errors.Add(new($"{field}.duration", $"must not exceed the duration of clips[{from + 1}] ({second.Duration})"));
        else if (first is { Start: >= 0, Duration: > 0 } && second is { Start: >= 0, Duration: > 0 })
        {
            var expected = (long)first.Start + first.Duration - duration;
            if (second.Start != expected)
            {
                errors.Add(new(
                    $"{path}.clips[{from + 1}].start",
                    $"must be {expected} so that it overlaps clips[{from}] by the transition's {duration} frames"));
            }
        }
    }

    /// <summary>
    /// Clips are listed in time order and only overlap where a transition joins a clip to the next one.
    /// </summary>
    private static void CheckVideoClipOrder(string path, IReadOnlyList<VideoClip?> clips, HashSet<int> joined, List<ValidationError> errors)
    {
        // The furthest end among the clips before the previous one, which no clip may overlap.
        (long End, int Index)? earlier = null;
        for (var j = 1; j < clips.Count; j++)
        {
            if (clips[j - 1] is not { Start: >= 0, Duration: > 0 } previous || clips[j] is not { Start: >= 0, Duration: > 0 } clip)
                continue;

            var field = $"{path}.clips[{j}].start";
            var previousEnd = (long)previous.Start + previous.Duration;
            if (clip.Start <= previous.Start)
                errors.Add(new(field, $"must be after the start of clips[{j - 1}] ({previous.Start}); clips are listed in time order"));
            else if (earlier is { } e && clip.Start < e.End)
                errors.Add(new(field, $"overlaps clips[{e.Index}], which ends at frame {e.End}"));
            else if (clip.Start < previousEnd && !joined.Contains(j - 1))
                errors.Add(new(field, $"overlaps clips[{j - 1}], which ends at frame {previousEnd}; start at {previousEnd} or join them with a transition"));

            if (earlier is null || previousEnd > earlier.Value.End)
                earlier = (previousEnd, j - 1);
        }
    }
}
