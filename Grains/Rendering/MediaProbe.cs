using System.Globalization;
using System.Text.Json;
using FFMpegCore;

namespace RenderFarm.Rendering;

/// <summary>What ffprobe found in a rendered file, with frames counted by decoding (not read from headers).</summary>
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
        var analysis = await FFProbe.AnalyseAsync(path, customArguments: "-count_frames", cancellationToken: cancellationToken);
        var video = analysis.PrimaryVideoStream;
        var audio = analysis.PrimaryAudioStream;
        long frames = 0;
        if (video is not null)
        {
            var raw = analysis.Raw.Streams.First(s => s.Index == video.Index);
            if (raw.ExtensionData?.TryGetValue("nb_read_frames", out var counted) == true)
                frames = counted.ValueKind == JsonValueKind.String
                    ? long.Parse(counted.GetString()!, CultureInfo.InvariantCulture)
                    : counted.GetInt64();
        }
        return new MediaFacts(
            video?.CodecName, video?.Width ?? 0, video?.Height ?? 0, frames, video?.Duration.TotalSeconds ?? 0,
            audio?.CodecName, audio?.SampleRateHz ?? 0, audio?.Channels ?? 0, audio?.Duration.TotalSeconds ?? 0,
            analysis.Format.Duration.TotalSeconds);
    }
}
