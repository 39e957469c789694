using System.Text.Json;
using System.Text.RegularExpressions;
using FFMpegCore;
using FFMpegCore.Exceptions;

namespace RenderFarm.Timelines;

/// <summary>Asks ffprobe (through FFMpegCore, under <see cref="InputPolicy"/>) what a resolved asset file holds.</summary>
public static partial class AssetProber
{
    /// <summary>
    /// How long one ffprobe may take before the file counts as unreadable: well inside a grain call's
    /// 30 s, so that an estimate refuses a file that will not probe by its field instead of timing out.
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Demuxers that read exactly one picture.</summary>
    private static readonly HashSet<string> ImageFormats = new(StringComparer.OrdinalIgnoreCase) { "image2", "image2pipe" };

    /// <summary>Codecs of still pictures; in a one-frame stream they are a still, in a longer one a video.</summary>
    private static readonly HashSet<string> ImageCodecs = new(StringComparer.OrdinalIgnoreCase)
    {
        "png", "apng", "mjpeg", "jpeg2000", "jpegls", "bmp", "webp", "tiff", "gif", "qoi", "targa", "ppm", "pgm", "pam", "psd", "dpx", "exr", "sgi",
    };

    /// <summary>
    /// Probes <paramref name="fullPath"/> (already resolved and checked by <see cref="AssetPathResolver"/>).
    /// A file ffprobe cannot read adds an error on <c>assets.&lt;id&gt;.path</c> and returns null.
    /// </summary>
    public static async Task<ResolvedAsset?> ProbeAsync(
        string assetId, string fullPath, ICollection<ValidationError> errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var field = $"assets.{assetId}.path";

        // FFMpegCore puts the path between double quotes on ffprobe's command line.
        if (fullPath.Contains('"'))
        {
            errors.Add(new(field, "must not contain '\"'"));
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(fullPath, customArguments: InputPolicy.ProbeArguments, cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            errors.Add(new(field, $"could not be probed within {ProbeTimeout.TotalSeconds} seconds"));
            return null;
        }
        catch (Exception e) when (e is FFMpegException or JsonException or FormatException or InvalidOperationException)
        {
            errors.Add(new(field, RefusedContainer().Match(e.Message) is { Success: true } refused
                ? $"is a {refused.Groups["format"].Value} file, which the farm does not read: playlists, manifests and lists are never followed (readable: {InputPolicy.AllowedDemuxers})"
                : "is not a media file ffprobe can read"));
            return null;
        }

        var asset = Describe(assetId, fullPath, analysis);
        if (!asset.HasVideo && !asset.HasAudio)
        {
            errors.Add(new(field, "has neither a video nor an audio stream"));
            return null;
        }

        return asset;
    }

    /// <summary>What the streams of a probed file amount to; cover art attached to a sound file is not video.</summary>
    public static ResolvedAsset Describe(string assetId, string fullPath, IMediaAnalysis analysis)
    {
        var video = analysis.VideoStreams.FirstOrDefault(s => !IsAttachedPicture(s));
        var hasAudio = analysis.AudioStreams.Count > 0;
        var isStill = video is not null && IsStill(analysis.Format, video);
        var duration = isStill ? double.PositiveInfinity : DurationSeconds(analysis);
        return new ResolvedAsset(
            assetId,
            fullPath,
            IsStillImage: isStill,
            HasVideo: video is not null,
            HasAudio: hasAudio,
            Width: video?.Width ?? 0,
            Height: video?.Height ?? 0,
            DurationSeconds: duration);
    }

    private static bool IsStill(MediaFormat format, VideoStream video)
    {
        var formatNames = (format.FormatName ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (formatNames.Any(name => ImageFormats.Contains(name) || name.EndsWith("_pipe", StringComparison.OrdinalIgnoreCase)))
            return true;
        if (video.CodecName is null || !ImageCodecs.Contains(video.CodecName))
            return false;

        // One frame of an image codec in a container (a PNG in a .mov): no longer than a frame.
        var seconds = video.Duration > TimeSpan.Zero ? video.Duration.TotalSeconds : format.Duration.TotalSeconds;
        var frameSeconds = video.AverageFrameRate > 0 ? 1 / video.AverageFrameRate : 1 / 25.0;
        return seconds <= frameSeconds * 1.5;
    }

    private static double DurationSeconds(IMediaAnalysis analysis)
    {
        var format = analysis.Format.Duration;
        return (format > TimeSpan.Zero ? format : analysis.Duration).TotalSeconds;
    }

    [GeneratedRegex(@"\[(?<format>[a-z0-9_]+) @ [^\]]*\] Format not on whitelist")]
    private static partial Regex RefusedContainer();

    private static bool IsAttachedPicture(VideoStream stream) =>
        stream.Disposition is { } disposition && disposition.TryGetValue("attached_pic", out var attached) && attached;
}
