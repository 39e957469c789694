namespace RenderFarm.Timelines;

public static partial class TimelineValidator
{
    public const double MaxScale = 4;
    public const int MaxOffsetFactor = 4;
    public const int MinFontSize = 8, MaxFontSize = 1000, MaxTitleLength = 1000;

    private static void ValidateVideoClip(
        string path, VideoClip clip, FrameLimits frame, HashSet<string> assetIds, List<ValidationError> errors)
    {
        CheckDefined(clip.Kind, $"{path}.kind", errors);
        CheckTiming(path, clip.Start, clip.Duration, clip.SourceIn, frame, errors);
        if (clip.Kind != ClipKind.Video && clip.SourceIn > 0)
            errors.Add(new($"{path}.sourceIn", $"must be 0 for kind {Camel(clip.Kind)}"));

        switch (clip.Kind)
        {
            case ClipKind.Video or ClipKind.Image:
                CheckAssetName(path, clip.Asset, assetIds, errors);
                break;
            case ClipKind.Color:
                if (clip.Color is null)
                    errors.Add(new($"{path}.color", "is required for kind color"));
                else if (!ColorValue.TryParse(clip.Color, out _))
                    errors.Add(new($"{path}.color", ColorRule));
                break;
            case ClipKind.Title:
                CheckTitle($"{path}.title", clip.Title, frame, errors);
                break;
        }

        CheckDefined(clip.Fit, $"{path}.fit", errors);
        CheckTransform($"{path}.transform", clip.Transform, frame, errors);
        if (!(clip.Opacity >= 0 && clip.Opacity <= 1))
            errors.Add(new($"{path}.opacity", "must be between 0 and 1"));
        CheckFades(path, clip.Duration, clip.FadeIn, clip.FadeOut, errors);
        CheckVolume(path, clip.Volume, errors);
    }

    /// <summary>
    /// The text is data and may hold any printable character; a control character other than a newline
    /// or a tab would be cut off by the renderer (NUL) or drawn as nothing, so it is refused.
    /// </summary>
    private static void CheckTitle(string path, TitleStyle? title, FrameLimits frame, List<ValidationError> errors)
    {
        if (title is null)
        {
            errors.Add(new(path, "is required for kind title"));
            return;
        }

        if (string.IsNullOrEmpty(title.Text))
            errors.Add(new($"{path}.text", "must not be empty"));
        else if (title.Text.Length > MaxTitleLength)
            errors.Add(new($"{path}.text", $"must be at most {MaxTitleLength} characters"));
        else if (ControlCharacterAt(title.Text) is { } at)
            errors.Add(new($"{path}.text", $"must not hold control characters other than newline and tab (U+{(int)title.Text[at]:X4} at character {at + 1})"));

        if (title.FontSize < MinFontSize || title.FontSize > MaxFontSize)
            errors.Add(new($"{path}.fontSize", $"must be between {MinFontSize} and {MaxFontSize}"));
        if (!ColorValue.TryParse(title.Color, out _))
            errors.Add(new($"{path}.color", ColorRule));

        if (title.X is { } x && frame.Width is { } width && (x < 0 || x >= width))
            errors.Add(new($"{path}.x", $"must be within the output frame (0 to {width - 1})"));
        if (title.Y is { } y && frame.Height is { } height && (y < 0 || y >= height))
            errors.Add(new($"{path}.y", $"must be within the output frame (0 to {height - 1})"));
    }

    private static int? ControlCharacterAt(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]) && text[i] is not ('\n' or '\t'))
                return i;
        }
        return null;
    }

    private static void CheckTransform(string path, Transform? transform, FrameLimits frame, List<ValidationError> errors)
    {
        if (transform is null)
        {
            errors.Add(new(path, "is required"));
            return;
        }

        if (!(transform.Scale > 0 && transform.Scale <= MaxScale))
            errors.Add(new($"{path}.scale", $"must be > 0 and <= {Number(MaxScale)}"));
        CheckOffset($"{path}.x", transform.X, frame.Width, errors);
        CheckOffset($"{path}.y", transform.Y, frame.Height, errors);
    }

    private static void CheckOffset(string field, int offset, int? size, List<ValidationError> errors)
    {
        if (size is null)
            return;
        var limit = MaxOffsetFactor * size.Value;
        if (offset < -limit || offset > limit)
            errors.Add(new(field, $"must be between -{limit} and {limit} ({MaxOffsetFactor}x the output size)"));
    }
}
