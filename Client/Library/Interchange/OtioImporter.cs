using System.Text.Json;
using RenderFarm.Timelines;

namespace RenderFarm.Interchange;

/// <summary>
/// Converts an OpenTimelineIO timeline (<c>.otio</c> JSON) into the native timeline: its stack's
/// video tracks bottom first, its audio tracks mixed, clips, gaps and dissolves placed exactly in
/// output frames. What cannot be converted is refused under the OTIO path of its object
/// (<see cref="TimelineValidationException"/>); what converts only with a fallback is a warning, or
/// refused too in strict mode. docs/otio-import.md lists every object and what it becomes.
/// </summary>
public static class OtioImporter
{
    public static async Task<OtioImportResult> ReadFileAsync(string path, OtioImportOptions? options = null, CancellationToken cancellationToken = default) =>
        Import(await File.ReadAllTextAsync(path, cancellationToken), options);

    public static OtioImportResult Import(string json, OtioImportOptions? options = null)
    {
        options ??= new OtioImportOptions();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new TimelineValidationException([new ValidationError("$", $"is not JSON: {e.Message}")]);
        }
        using (document)
        {
            var findings = new OtioFindings(options.Strict);
            var timeline = Convert(new OtioObject(document.RootElement, ""), options, findings);
            if (findings.Errors.Count > 0 || timeline is null)
                throw new TimelineValidationException(findings.Errors.Count > 0 ? findings.Errors : [new ValidationError("$", "holds nothing to render")]);
            return new OtioImportResult(timeline, new OtioObject(document.RootElement, "").Name, findings.Warnings);
        }
    }

    private static Timeline? Convert(OtioObject root, OtioImportOptions options, OtioFindings findings)
    {
        if (root.Schema.Name != "Timeline")
        {
            findings.Refuse("$", $"must be an OTIO Timeline (OTIO_SCHEMA \"Timeline.1\"), was {(root.Schema.Name.Length == 0 ? "an object without OTIO_SCHEMA" : root.Schema.Name)}");
            return null;
        }
        if (root.Child("tracks") is not { } stack || stack.Schema.Name != "Stack")
        {
            findings.Refuse("tracks", "must be a Stack.1 of tracks");
            return null;
        }
        var times = new OtioTimes(findings);
        var settings = OtioRenderFarmMetadata.Read(root, findings);
        var rate = options.FrameRate ?? settings.FrameRate ?? RateOf(root, stack, times);
        if (rate is null)
        {
            findings.Refuse("$", "has no frame rate to render at: give one (--frame-rate) or put a clip on it");
            return null;
        }
        var media = new OtioMedia(options, findings, times);
        var items = new OtioTrackItems(findings, times, media);
        var native = new OtioNativeTracks(rate.Value, findings);
        var videoTracks = new List<VideoTrack>();
        var audioTracks = new List<AudioTrack>();
        // The longest track, gaps at its end included, is the timeline's length, as the editor played it.
        var tracksEnd = 0;
        foreach (var track in stack.Children())
        {
            if (track.Schema.Name != "Track")
            {
                findings.Refuse(track.Label, track.Schema.Name == "Stack"
                    ? "nested stacks (compound clips) are not supported: flatten or render them in the editor first"
                    : $"a stack holds tracks, not a {track.Schema.Name}");
                continue;
            }
            if (!track.Enabled)
                continue;
            if (times.Range(track, "source_range", required: false) is not null)
                findings.Refuse(track.Label, "a track trimmed by its own source_range is not supported");
            switch (track.String("kind"))
            {
                case "Video":
                {
                    var (clips, length) = items.Read(track);
                    videoTracks.Add(native.Video(clips));
                    tracksEnd = Math.Max(tracksEnd, native.Length(length));
                    break;
                }
                case "Audio":
                {
                    var (clips, length) = items.Read(track);
                    audioTracks.AddRange(native.Audio(clips));
                    tracksEnd = Math.Max(tracksEnd, native.Length(length));
                    break;
                }
                default:
                    findings.Refuse($"{track.Path}.kind", $"must be \"Video\" or \"Audio\" (was \"{track.String("kind")}\")");
                    break;
            }
        }
        var clipsEnd = videoTracks.SelectMany(t => t.Clips).Select(c => c.End)
            .Concat(audioTracks.SelectMany(t => t.Clips).Select(c => c.End))
            .DefaultIfEmpty(0).Max();
        var duration = Math.Max(clipsEnd, tracksEnd);
        if (clipsEnd == 0)
        {
            // Clips refused above are reason enough; this is for a timeline that holds none.
            if (findings.Errors.Count == 0)
                findings.Refuse("tracks", "has no enabled clip to render");
            return null;
        }
        return new Timeline
        {
            Version = Timeline.CurrentVersion,
            Output = new OutputSpec
            {
                Width = options.Width ?? settings.Width ?? OtioImportOptions.DefaultWidth,
                Height = options.Height ?? settings.Height ?? OtioImportOptions.DefaultHeight,
                FrameRate = rate.Value,
                DurationFrames = duration,
            },
            Assets = media.Assets,
            VideoTracks = videoTracks.Where(t => t.Clips.Count > 0).ToList(),
            AudioTracks = audioTracks,
            Render = new RenderSettings { Preset = options.Preset ?? settings.Preset ?? QualityPreset.Standard },
        };
    }

    /// <summary>The global start time's rate, else the first clip's or gap's, a video track's first: the rate the editor's timeline ran at.</summary>
    private static Rational? RateOf(OtioObject root, OtioObject stack, OtioTimes times)
    {
        if (root.Child("global_start_time") is not null && times.Time(root, "global_start_time") is { } start)
            return start.Rate;
        // Audio clips may be timed in samples (rate 48000), which is no frame rate: a video item's rate is the timeline's.
        var first = stack.Children().OrderBy(t => t.String("kind") == "Video" ? 0 : 1)
            .SelectMany(t => t.Children()).FirstOrDefault(i => i.Schema.Name is "Clip" or "Gap");
        return first.Json.ValueKind == JsonValueKind.Object ? times.Range(first, "source_range", required: false)?.Rate : null;
    }
}
