using System.Globalization;

namespace RenderFarm.Timelines;

/// <summary>
/// Structural checks of a timeline: no files are touched. Every problem found is reported, each under
/// the JSON path of its field (<c>videoTracks[1].clips[3].duration</c>) with the rule it breaks.
/// Media checks that need the files (streams, lengths, hashes) are <see cref="TimelineLoader"/>'s.
/// </summary>
public static partial class TimelineValidator
{
    public const int MinWidth = 16, MaxWidth = 7680, MinHeight = 16, MaxHeight = 4320;
    public const double MinFrameRate = 1, MaxFrameRate = 240;
    /// <summary>The largest numerator or denominator of a frame rate in lowest terms: a muxer's time base must hold it.</summary>
    public const int MaxFrameRateTerm = 1_000_000;
    public const int MaxDurationSeconds = 24 * 60 * 60;
    public const int MinCrf = 0, MaxCrf = 51;
    public const int MinBitrateKbps = 100, MaxBitrateKbps = 500_000;

    public static readonly IReadOnlyList<int> SupportedSampleRates =
        [8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000];

    public static IReadOnlyList<ValidationError> Validate(Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var errors = new List<ValidationError>();

        if (timeline.Version != Timeline.CurrentVersion)
            errors.Add(new("version", $"must be {Timeline.CurrentVersion}"));

        var frame = ValidateOutput(timeline.Output, errors);
        var assetIds = ValidateAssets(timeline.Assets, errors);
        ValidateVideoTracks(timeline.VideoTracks, frame, assetIds, errors);
        ValidateAudioTracks(timeline.AudioTracks, frame, assetIds, errors);
        ValidateRender(timeline.Render, errors);
        return errors;
    }

    /// <summary>
    /// What the clips are checked against: each limit is known only when its output field is valid,
    /// so a bad output is reported once, not again on every clip.
    /// </summary>
    private sealed record FrameLimits(int? DurationFrames, int? Width, int? Height);

    private static FrameLimits ValidateOutput(OutputSpec? output, List<ValidationError> errors)
    {
        if (output is null)
        {
            errors.Add(new("output", "is required"));
            return new FrameLimits(null, null, null);
        }

        var width = CheckSize(output.Width, "output.width", MinWidth, MaxWidth, errors);
        var height = CheckSize(output.Height, "output.height", MinHeight, MaxHeight, errors);
        var durationFrames = CheckFrameRateAndDuration(output, errors);

        if (!ColorValue.TryParse(output.Background, out _))
            errors.Add(new("output.background", ColorRule));

        if (output.Audio is null)
        {
            errors.Add(new("output.audio", "is required"));
        }
        else
        {
            if (!SupportedSampleRates.Contains(output.Audio.SampleRate))
                errors.Add(new("output.audio.sampleRate", $"must be one of {string.Join(", ", SupportedSampleRates)}"));
            if (output.Audio.ChannelLayout is null || !AudioFormat.SupportedChannelLayouts.Contains(output.Audio.ChannelLayout))
                errors.Add(new("output.audio.channelLayout", $"must be one of {string.Join(", ", AudioFormat.SupportedChannelLayouts)}"));
        }

        return new FrameLimits(durationFrames, width, height);
    }

    private static int? CheckSize(int value, string field, int min, int max, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (value < min || value > max)
            errors.Add(new(field, $"must be between {min} and {max}"));
        else if (value % 2 != 0)
            errors.Add(new(field, "must be even"));
        return errors.Count == before ? value : null;
    }

    private static int? CheckFrameRateAndDuration(OutputSpec output, List<ValidationError> errors)
    {
        var rate = output.FrameRate;
        var rateIsValid = false;
        if (rate.Numerator <= 0 || rate.Denominator <= 0)
            errors.Add(new("output.frameRate", "must be a positive whole number or a fraction of positive whole numbers such as \"30000/1001\""));
        else if (rate.Numerator > MaxFrameRateTerm || rate.Denominator > MaxFrameRateTerm)
            errors.Add(new("output.frameRate", $"must have a numerator and a denominator of at most {MaxFrameRateTerm} in lowest terms (was {rate})"));
        else if (rate.Value < MinFrameRate || rate.Value > MaxFrameRate)
            errors.Add(new("output.frameRate", $"must be between {MinFrameRate} and {MaxFrameRate} frames per second"));
        else
            rateIsValid = true;

        if (output.DurationFrames <= 0)
        {
            errors.Add(new("output.durationFrames", "must be > 0"));
            return null;
        }

        if (!rateIsValid)
            return null;

        var maxFrames = (long)MaxDurationSeconds * rate.Numerator / rate.Denominator;
        if (output.DurationFrames > maxFrames)
        {
            errors.Add(new("output.durationFrames", $"must be at most {maxFrames} (24 hours at {rate} fps)"));
            return null;
        }

        return output.DurationFrames;
    }

    private static void ValidateRender(RenderSettings? render, List<ValidationError> errors)
    {
        if (render is null)
        {
            errors.Add(new("render", "is required"));
            return;
        }

        CheckDefined(render.Preset, "render.preset", errors);
        if (render.Codec is { } codec)
            CheckDefined(codec, "render.codec", errors);
        if (render.Container is { } container)
            CheckDefined(container, "render.container", errors);

        var effectiveCodec = render.EffectiveCodec();
        if (render.Crf is { } crf)
        {
            if (crf < MinCrf || crf > MaxCrf)
                errors.Add(new("render.crf", $"must be between {MinCrf} and {MaxCrf}"));
            if (effectiveCodec is not (VideoCodec.H264 or VideoCodec.H265))
                errors.Add(new("render.crf", $"applies only to h264 and h265, not {Camel(effectiveCodec)}"));
            if (render.VideoBitrateKbps is not null)
                errors.Add(new("render.crf", "cannot be combined with videoBitrateKbps; give one of them"));
        }

        if (render.VideoBitrateKbps is { } kbps && (kbps < MinBitrateKbps || kbps > MaxBitrateKbps))
            errors.Add(new("render.videoBitrateKbps", $"must be between {MinBitrateKbps} and {MaxBitrateKbps}"));

        if (effectiveCodec == VideoCodec.ProRes && render.EffectiveContainer() == Container.Mp4)
            errors.Add(new("render.container", "must be mov or mkv for proRes"));
    }

    private const string ColorRule = "must be a colour written #RRGGBB or #RRGGBBAA";

    private static void CheckDefined<TEnum>(TEnum value, string field, List<ValidationError> errors)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            errors.Add(new(field, $"must be one of {string.Join(", ", Enum.GetValues<TEnum>().Select(Camel))}"));
    }

    /// <summary>An enum value as the JSON spells it.</summary>
    private static string Camel<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
