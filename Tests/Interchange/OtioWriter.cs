using System.Globalization;
using System.Text;
using System.Text.Json;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Interchange;

/// <summary>
/// Writes a native timeline as OpenTimelineIO JSON, for tests that import it back. Video tracks
/// become <c>Track.1</c> "Video" (first at the bottom) with <c>Gap.1</c> between clips, crossfades
/// <c>Transition.1</c> SMPTE_Dissolve, audio tracks <c>Track.1</c> "Audio"; every time is at the
/// output rate. What OTIO cannot hold (transforms, fit, opacity, fades, volume, titles, colours,
/// a video clip's own sound) is refused with <see cref="NotSupportedException"/> rather than dropped.
/// </summary>
public static class OtioWriter
{
    private const string DefaultBackground = "#000000";

    public static string Write(Timeline timeline, string name = "timeline")
    {
        CheckOutput(timeline);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var rate = timeline.Output.FrameRate;
            json.WriteStartObject();
            json.WriteString("OTIO_SCHEMA", "Timeline.1");
            json.WriteString("name", name);
            json.WriteStartObject("metadata");
            json.WriteStartObject("renderfarm");
            json.WriteNumber("width", timeline.Output.Width);
            json.WriteNumber("height", timeline.Output.Height);
            json.WriteString("frameRate", rate.ToString());
            json.WriteString("preset", JsonNamingPolicy.CamelCase.ConvertName(timeline.Render.Preset.ToString()));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteNull("global_start_time");
            json.WritePropertyName("tracks");
            StartItem(json, "Stack.1", "tracks");
            json.WriteNull("source_range");
            json.WriteStartArray("children");
            for (var i = 0; i < timeline.VideoTracks.Count; i++)
                WriteVideoTrack(json, timeline, i);
            for (var i = 0; i < timeline.AudioTracks.Count; i++)
                WriteAudioTrack(json, timeline, i);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void CheckOutput(Timeline timeline)
    {
        if (timeline.Output.Background != DefaultBackground)
            throw Unsupported("output.background", "the importer renders gaps over black");
        if (timeline.Output.Audio != new AudioFormat())
            throw Unsupported("output.audio", "OTIO has no output audio format");
        if (timeline.Render != new RenderSettings { Preset = timeline.Render.Preset })
            throw Unsupported("render", "only the preset is carried (in metadata.renderfarm)");
        if (timeline.Assets.Values.Any(a => a.Sha256 is not null))
            throw Unsupported("assets.sha256", "an ExternalReference has no checksum");
        var lastEnd = timeline.VideoTracks.SelectMany(t => t.Clips).Select(c => c.End)
            .Concat(timeline.AudioTracks.SelectMany(t => t.Clips).Select(c => c.End)).DefaultIfEmpty(0).Max();
        if (lastEnd != timeline.Output.DurationFrames)
            throw Unsupported("output.durationFrames", "the imported length is where the last clip ends");
    }

    private static void WriteVideoTrack(Utf8JsonWriter json, Timeline timeline, int index)
    {
        var track = timeline.VideoTracks[index];
        var rate = timeline.Output.FrameRate;
        // Frames before the cut (taken from the incoming clip) and after it (from the outgoing clip) of the crossfade after clip i.
        var splits = new (int In, int Out)?[track.Clips.Count];
        foreach (var transition in track.Transitions)
        {
            var overlap = track.Clips[transition.FromClip].End - track.Clips[transition.FromClip + 1].Start;
            if (overlap != transition.Duration)
                throw Unsupported($"videoTracks[{index}].transitions", "a crossfade's clips must overlap by its duration");
            splits[transition.FromClip] = (overlap / 2, overlap - overlap / 2);
        }
        StartTrack(json, $"V{index + 1}");
        var cursor = 0;
        for (var i = 0; i < track.Clips.Count; i++)
        {
            var clip = track.Clips[i];
            CheckVideoClip(clip, $"videoTracks[{index}].clips[{i}]");
            var into = i > 0 ? splits[i - 1] : null;
            var lead = into?.In ?? 0;
            var tail = splits[i]?.Out ?? 0;
            if (into is { } dissolve)
                WriteDissolve(json, dissolve.In, dissolve.Out, rate);
            else
                WriteGap(json, clip.Start - cursor, rate);
            if (clip.Duration - lead - tail <= 0)
                throw Unsupported($"videoTracks[{index}].clips[{i}]", "its crossfades leave nothing of it between the cuts");
            WriteClip(json, clip.Asset!, timeline.Assets[clip.Asset!].Path, clip.SourceIn + lead, clip.Duration - lead - tail, rate);
            cursor = clip.End - tail;
        }
        json.WriteEndArray();
        json.WriteString("kind", "Video");
        json.WriteEndObject();
    }

    private static void WriteAudioTrack(Utf8JsonWriter json, Timeline timeline, int index)
    {
        var rate = timeline.Output.FrameRate;
        StartTrack(json, $"A{index + 1}");
        var cursor = 0;
        var clips = timeline.AudioTracks[index].Clips;
        for (var i = 0; i < clips.Count; i++)
        {
            var clip = clips[i];
            var field = $"audioTracks[{index}].clips[{i}]";
            if (clip.Volume != 1.0)
                throw Unsupported($"{field}.volume", "OTIO has no clip volume");
            if (clip.FadeIn != 0 || clip.FadeOut != 0)
                throw Unsupported($"{field}.fadeIn/fadeOut", "OTIO has no fades, only dissolves");
            WriteGap(json, clip.Start - cursor, rate);
            WriteClip(json, clip.Asset, timeline.Assets[clip.Asset].Path, clip.SourceIn, clip.Duration, rate);
            cursor = clip.End;
        }
        json.WriteEndArray();
        json.WriteString("kind", "Audio");
        json.WriteEndObject();
    }

    private static void CheckVideoClip(VideoClip clip, string field)
    {
        if (clip.Kind is not (ClipKind.Video or ClipKind.Image))
            throw Unsupported($"{field}.kind", $"a {clip.Kind} clip has no media file");
        if (clip.Fit != Fit.Contain)
            throw Unsupported($"{field}.fit", "OTIO has no fit");
        if (clip.Transform != Transform.FullFrame)
            throw Unsupported($"{field}.transform", "OTIO has no transform the importer reads");
        if (clip.Opacity != 1.0)
            throw Unsupported($"{field}.opacity", "OTIO has no opacity");
        if (clip.FadeIn != 0 || clip.FadeOut != 0)
            throw Unsupported($"{field}.fadeIn/fadeOut", "a fade would be a dissolve from a gap, not written here");
        if (clip.Audio)
            throw Unsupported($"{field}.audio", "an OTIO video track carries picture only");
    }

    private static void StartTrack(Utf8JsonWriter json, string name)
    {
        StartItem(json, "Track.1", name);
        json.WriteNull("source_range");
        json.WriteStartArray("children");
    }

    private static void WriteClip(Utf8JsonWriter json, string name, string path, int sourceStart, int duration, Rational rate)
    {
        StartItem(json, "Clip.1", name);
        json.WritePropertyName("source_range");
        WriteRange(json, sourceStart, duration, rate);
        json.WriteStartObject("media_reference");
        json.WriteString("OTIO_SCHEMA", "ExternalReference.1");
        json.WriteString("name", "");
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteNull("available_range");
        json.WriteString("target_url", path);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteGap(Utf8JsonWriter json, int frames, Rational rate)
    {
        if (frames < 0)
            throw Unsupported("clips", "clips of a track must not overlap without a crossfade");
        if (frames == 0)
            return;
        StartItem(json, "Gap.1", "");
        json.WritePropertyName("source_range");
        WriteRange(json, 0, frames, rate);
        json.WriteEndObject();
    }

    private static void WriteDissolve(Utf8JsonWriter json, int inFrames, int outFrames, Rational rate)
    {
        json.WriteStartObject();
        json.WriteString("OTIO_SCHEMA", "Transition.1");
        json.WriteString("name", "");
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteString("transition_type", "SMPTE_Dissolve");
        json.WritePropertyName("in_offset");
        WriteTime(json, inFrames, rate);
        json.WritePropertyName("out_offset");
        WriteTime(json, outFrames, rate);
        json.WriteEndObject();
    }

    /// <summary>Opens an item object with the fields every OTIO composable carries.</summary>
    private static void StartItem(Utf8JsonWriter json, string schema, string name)
    {
        json.WriteStartObject();
        json.WriteString("OTIO_SCHEMA", schema);
        json.WriteString("name", name);
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteStartArray("effects");
        json.WriteEndArray();
        json.WriteStartArray("markers");
        json.WriteEndArray();
        json.WriteBoolean("enabled", true);
    }

    private static void WriteRange(Utf8JsonWriter json, int start, int duration, Rational rate)
    {
        json.WriteStartObject();
        json.WriteString("OTIO_SCHEMA", "TimeRange.1");
        json.WritePropertyName("duration");
        WriteTime(json, duration, rate);
        json.WritePropertyName("start_time");
        WriteTime(json, start, rate);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, int frames, Rational rate)
    {
        json.WriteStartObject();
        json.WriteString("OTIO_SCHEMA", "RationalTime.1");
        json.WritePropertyName("rate");
        json.WriteRawValue(Double(rate.Value));
        json.WritePropertyName("value");
        json.WriteRawValue(Double(frames));
        json.WriteEndObject();
    }

    /// <summary>A double as OTIO's own writer prints it: shortest round-trip digits, whole numbers as 30.0.</summary>
    private static string Double(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    private static NotSupportedException Unsupported(string field, string why) =>
        new($"{field} cannot be written to OTIO: {why}");
}
