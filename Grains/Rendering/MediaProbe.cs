using System.Globalization;
using System.Text.Json;
using FFMpegCore;
using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// What ffprobe found in a rendered file. Frames are counted from the packets actually stored (one
/// frame per packet for every codec rendered here), not taken from a header's claim.
/// </summary>
public sealed record MediaFacts(
    string? VideoCodec,
    int Width,
    int Height,
    long VideoFrames,
    double VideoDurationSeconds,
    string? AudioCodec,
    int AudioSampleRate,
    int AudioChannels,
    double AudioDurationSeconds,
    double FormatDurationSeconds);

public static class MediaProbe
{
    public static async Task<MediaFacts> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        // A full path: the sandboxed ffprobe binds exactly the absolute paths it is given.
        var analysis = await FFProbe.AnalyseAsync(Path.GetFullPath(path), customArguments: "-count_packets " + InputPolicy.ProbeArguments, cancellationToken: cancellationToken);
        var video = analysis.PrimaryVideoStream;
        var audio = analysis.PrimaryAudioStream;
        long frames = 0;
        if (video is not null)
        {
            var raw = analysis.Raw.Streams.First(s => s.Index == video.Index);
            if (raw.ExtensionData?.TryGetValue("nb_read_packets", out var counted) == true)
                frames = counted.ValueKind == JsonValueKind.String
                    ? long.Parse(counted.GetString()!, CultureInfo.InvariantCulture)
                    : counted.GetInt64();
        }
        return new MediaFacts(
            video?.CodecName, video?.Width ?? 0, video?.Height ?? 0, frames, Length(analysis, video),
            audio?.CodecName, audio?.SampleRateHz ?? 0, audio?.Channels ?? 0, Length(analysis, audio),
            analysis.Format.Duration.TotalSeconds);
    }

    /// <summary>
    /// A stream's length. Matroska stores no per-stream duration, only a DURATION tag holding the
    /// stream's end time, so there the start time is taken off.
    /// </summary>
    private static double Length(IMediaAnalysis analysis, MediaStream? stream)
    {
        if (stream is null)
            return 0;
        var raw = analysis.Raw.Streams.First(s => s.Index == stream.Index);
        var hasOwnDuration = double.TryParse(raw.Duration, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                             || TimeSpan.TryParse(raw.Duration, CultureInfo.InvariantCulture, out _);
        return hasOwnDuration
            ? stream.Duration.TotalSeconds
            : stream.Duration.TotalSeconds - stream.StartTime.TotalSeconds;
    }
}
