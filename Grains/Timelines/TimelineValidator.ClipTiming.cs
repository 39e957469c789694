namespace RenderFarm.Timelines;

public static partial class TimelineValidator
{
    public const double MaxVolume = 4;

    /// <summary>Start, duration, end and source offset: the same rules for video and audio clips.</summary>
    private static void CheckTiming(string path, int start, int duration, int sourceIn, FrameLimits frame, List<ValidationError> errors)
    {
        if (start < 0)
            errors.Add(new($"{path}.start", "must be >= 0"));
        if (duration <= 0)
            errors.Add(new($"{path}.duration", "must be > 0"));
        if (sourceIn < 0)
            errors.Add(new($"{path}.sourceIn", "must be >= 0"));

        var end = (long)start + duration;
        if (start >= 0 && duration > 0 && frame.DurationFrames is { } limit && end > limit)
            errors.Add(new($"{path}.duration", $"clip ends at frame {end}, after output.durationFrames ({limit})"));
    }

    private static void CheckFades(string path, int duration, int fadeIn, int fadeOut, List<ValidationError> errors)
    {
        if (fadeIn < 0)
            errors.Add(new($"{path}.fadeIn", "must be >= 0"));
        if (fadeOut < 0)
            errors.Add(new($"{path}.fadeOut", "must be >= 0"));
        if (fadeIn >= 0 && fadeOut >= 0 && duration > 0 && (long)fadeIn + fadeOut > duration)
            errors.Add(new($"{path}.fadeOut", $"fadeIn + fadeOut ({(long)fadeIn + fadeOut}) must not exceed the clip's duration ({duration})"));
    }

    private static void CheckVolume(string path, double volume, List<ValidationError> errors)
    {
        if (!(volume >= 0 && volume <= MaxVolume))
            errors.Add(new($"{path}.volume", $"must be between 0 and {Number(MaxVolume)}"));
    }

    private static void CheckAssetName(string path, string? asset, HashSet<string> assetIds, List<ValidationError> errors)
    {
        if (string.IsNullOrEmpty(asset))
            errors.Add(new($"{path}.asset", "is required"));
        else if (!assetIds.Contains(asset))
            errors.Add(new($"{path}.asset", "must name an asset in assets"));
    }
}
