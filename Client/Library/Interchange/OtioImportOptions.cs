using RenderFarm.Timelines;

namespace RenderFarm.Interchange;

/// <summary>
/// How an OpenTimelineIO file becomes a native timeline: the output's size, rate and preset (each
/// taken from the file's <c>metadata.renderfarm</c> when not given here, else the defaults), where its
/// media is, and whether anything converted with a fallback is refused instead.
/// </summary>
public sealed record OtioImportOptions
{
    public const int DefaultWidth = 1920;
    public const int DefaultHeight = 1080;

    public int? Width { get; init; }
    public int? Height { get; init; }
    /// <summary>The output rate; else the file's, else its global start time's rate, else its first clip's.</summary>
    public Rational? FrameRate { get; init; }
    public QualityPreset? Preset { get; init; }
    /// <summary>Refuse what would only convert with a fallback (an effect left out, a wipe shown as a dissolve, a time rounded to a frame).</summary>
    public bool Strict { get; init; }
    /// <summary>Absolute media paths under this folder become asset paths relative to it.</summary>
    public string? MediaRoot { get; init; }
    /// <summary>Prefix rewrites applied to media paths first, in order; the first that matches wins.</summary>
    public IReadOnlyList<MediaPathRule> PathRules { get; init; } = [];
}

/// <summary>A media path starting with <see cref="From"/> is read as starting with <see cref="To"/> instead.</summary>
public sealed record MediaPathRule(string From, string To)
{
    /// <summary>Reads <c>FROM=TO</c>; TO may be empty (the media is at the top of the assets root).</summary>
    public static MediaPathRule Parse(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0)
            throw new FormatException($"a path rule is FROM=TO, such as /Volumes/Project/media/=footage/ (was \"{text}\")");
        return new MediaPathRule(text[..equals], text[(equals + 1)..]);
    }
}
