namespace RenderFarm.Interchange;

/// <summary>A clip of an OTIO track at its place in track time, before conversion to output frames.</summary>
internal sealed record OtioPlacedClip(OtioObject Clip, OtioMediaSource Media, OtioTime Start, OtioTime Duration, OtioTime SourceStart)
{
    /// <summary>Track time taken from the clip before its cut, by a transition into it (OTIO's in_offset).</summary>
    public OtioTime LeadIn { get; set; } = OtioTime.Zero;
    /// <summary>Track time taken after its cut, by a transition out of it (OTIO's out_offset).</summary>
    public OtioTime TailOut { get; set; } = OtioTime.Zero;
    /// <summary>A dissolve from a gap: the clip fades in over the whole transition (in_offset + out_offset).</summary>
    public OtioTime? FadeIn { get; set; }
    /// <summary>A dissolve to a gap: the clip fades out over the whole transition.</summary>
    public OtioTime? FadeOut { get; set; }
    /// <summary>The transition that joins this clip to the next clip, if one does.</summary>
    public OtioObject? DissolveToNext { get; set; }
}

/// <summary>
/// Reads one OTIO track's children in order: clips and gaps take track time one after another,
/// transitions take none but lend time from both neighbours (<c>in_offset</c> before the cut,
/// <c>out_offset</c> after it). Disabled clips are gaps.
/// </summary>
internal sealed class OtioTrackItems(OtioFindings findings, OtioTimes times, OtioMedia media)
{
    /// <summary>The track's clips in place, and its length (gaps at its end included).</summary>
    public (IReadOnlyList<OtioPlacedClip> Clips, OtioTime Length) Read(OtioObject track)
    {
        var clips = new List<OtioPlacedClip>();
        // What came before each transition: the clip placed just before, or null for a gap.
        OtioPlacedClip? previous = null;
        var previousIsItem = false;
        (OtioObject Transition, OtioPlacedClip? From, OtioTime In, OtioTime Out)? pending = null;
        var position = OtioTime.Zero;
        foreach (var item in track.Children())
        {
            switch (item.Schema.Name)
            {
                case "Clip":
                {
                    var placed = ReadClip(item, position);
                    position += ItemLength(item, placed);
                    if (pending is { } t)
                        Join(t.Transition, t.From, placed, t.In, t.Out);
                    pending = null;
                    previous = placed;
                    previousIsItem = true;
                    if (placed is not null)
                        clips.Add(placed);
                    break;
                }
                case "Gap":
                {
                    position += times.Range(item, "source_range", required: true)?.Duration ?? OtioTime.Zero;
                    if (pending is { } t)
                        Join(t.Transition, t.From, null, t.In, t.Out);
                    pending = null;
                    previous = null;
                    previousIsItem = true;
                    break;
                }
                case "Transition":
                {
                    if (!item.Enabled)
                        break;
                    if (pending is not null || !previousIsItem)
                    {
                        findings.Refuse(item.Label, "a transition must stand between two items of the track");
                        break;
                    }
                    var into = times.Time(item, "in_offset");
                    var outOf = times.Time(item, "out_offset");
                    if (into is null || outOf is null)
                        break;
                    if (into.Value.Time.IsNegative || outOf.Value.Time.IsNegative)
                    {
                        findings.Refuse(item.Label, "in_offset and out_offset must not be negative");
                        break;
                    }
                    if (item.String("transition_type") is not "SMPTE_Dissolve")
                        findings.Fallback(item.Label, $"the {item.String("transition_type") ?? "unnamed"} transition is rendered as a dissolve");
                    pending = (item, previous, into.Value.Time, outOf.Value.Time);
                    break;
                }
                case "Stack":
                    findings.Refuse(item.Label, "nested stacks (compound clips) are not supported: flatten or render them in the editor first");
                    previousIsItem = true;
                    previous = null;
                    break;
                default:
                    findings.Refuse(item.Label, $"{(item.Schema.Name.Length == 0 ? "an object without OTIO_SCHEMA" : item.Schema.Name)} is not supported in a track");
                    break;
            }
        }
        if (pending is { } last)
            findings.Refuse(last.Transition.Label, "a transition must stand between two items of the track");
        return (clips, position);
    }

    /// <summary>An enabled clip with media a farm can read; null (a gap, or refused) otherwise.</summary>
    private OtioPlacedClip? ReadClip(OtioObject clip, OtioTime position)
    {
        var range = times.Range(clip, "source_range", required: false);
        if (!clip.Enabled)
            return null;
        CheckEffects(clip);
        var source = media.Of(clip);
        if (source is null)
            return null;
        if (range is null)
        {
            findings.Refuse($"{clip.Label}", "needs a source_range (which part of its media it plays)");
            return null;
        }
        var sourceStart = range.Value.Start - source.MediaStart;
        if (sourceStart.IsNegative)
        {
            findings.Refuse($"{clip.Path}.source_range.start_time", "starts before its media's available range");
            return null;
        }
        return new OtioPlacedClip(clip, source, position, range.Value.Duration, sourceStart);
    }

    /// <summary>Track time the clip takes: its source range's duration (a disabled or refused clip still takes its place).</summary>
    private OtioTime ItemLength(OtioObject clip, OtioPlacedClip? placed) =>
        placed?.Duration ?? times.Range(clip, "source_range", required: false)?.Duration ?? OtioTime.Zero;

    private void CheckEffects(OtioObject clip)
    {
        foreach (var effect in clip.Children("effects"))
        {
            var kind = effect.Schema.Name;
            if (kind is "LinearTimeWarp" or "FreezeFrame" or "TimeEffect")
                findings.Refuse(clip.Label, $"{kind} effect is not supported (speed changes)");
            else
                findings.Fallback(clip.Label, $"{(effect.String("effect_name") is { Length: > 0 } name ? name : kind)} effect is left out");
        }
    }

    private void Join(OtioObject transition, OtioPlacedClip? from, OtioPlacedClip? to, OtioTime into, OtioTime outOf)
    {
        if (from is not null)
        {
            from.TailOut = outOf;
            if (to is null)
                from.FadeOut = into + outOf;
            else
                from.DissolveToNext = transition;
        }
        if (to is not null)
        {
            to.LeadIn = into;
            if (from is null)
                to.FadeIn = into + outOf;
        }
    }
}
