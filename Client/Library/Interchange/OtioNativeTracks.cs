using RenderFarm.Timelines;

namespace RenderFarm.Interchange;

/// <summary>
/// Turns placed OTIO clips into native tracks in output frames. A dissolve between two clips becomes
/// a crossfade over their overlap; a dissolve from or to a gap, a fade. On audio tracks, where native
/// clips may not overlap, a dissolve puts the incoming clip on a second track, the two fading across.
/// A time that falls between output frames is rounded to the nearest, with a warning.
/// </summary>
internal sealed class OtioNativeTracks(Rational rate, OtioFindings findings)
{
    /// <summary>A clip in output frames, with the fades its transitions give it.</summary>
    private sealed record Span(OtioPlacedClip Placed, int Start, int End, int SourceIn)
    {
        public int Duration => End - Start;
    }

    public VideoTrack Video(IReadOnlyList<OtioPlacedClip> placed)
    {
        var spans = Spans(placed);
        var clips = new List<VideoClip>();
        var transitions = new List<Transition>();
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            clips.Add(new VideoClip
            {
                Kind = span.Placed.Media.Still ? ClipKind.Image : ClipKind.Video,
                Asset = span.Placed.Media.AssetId,
                SourceIn = span.Placed.Media.Still ? 0 : span.SourceIn,
                Start = span.Start,
                Duration = span.Duration,
                FadeIn = Fade(span.Placed.FadeIn, 0, span),
                FadeOut = Math.Min(Fade(span.Placed.FadeOut, 0, span), span.Duration - Fade(span.Placed.FadeIn, 0, span)),
                // An OTIO video track carries picture only; sound comes on its audio tracks.
                Audio = false,
            });
            if (span.Placed.DissolveToNext is not null && i + 1 < spans.Count && spans[i + 1].Start < span.End)
                transitions.Add(new Transition { Kind = TransitionKind.Crossfade, FromClip = i, Duration = span.End - spans[i + 1].Start });
        }
        return new VideoTrack { Clips = clips, Transitions = transitions };
    }

    /// <summary>One OTIO audio track as one native track, or two where dissolves make clips overlap.</summary>
    public IReadOnlyList<AudioTrack> Audio(IReadOnlyList<OtioPlacedClip> placed)
    {
        var spans = Spans(placed);
        var lanes = new List<List<AudioClip>> { new() };
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            var overlapBefore = i > 0 && spans[i - 1].Placed.DissolveToNext is not null ? Math.Max(0, spans[i - 1].End - span.Start) : 0;
            var overlapAfter = span.Placed.DissolveToNext is not null && i + 1 < spans.Count ? Math.Max(0, span.End - spans[i + 1].Start) : 0;
            var clip = new AudioClip
            {
                Asset = span.Placed.Media.AssetId,
                SourceIn = span.SourceIn,
                Start = span.Start,
                Duration = span.Duration,
                FadeIn = Fade(span.Placed.FadeIn, overlapBefore, span),
                FadeOut = Math.Min(Fade(span.Placed.FadeOut, overlapAfter, span), span.Duration - Fade(span.Placed.FadeIn, overlapBefore, span)),
            };
            var lane = lanes.FirstOrDefault(l => l.Count == 0 || l[^1].End <= clip.Start);
            if (lane is null)
                lanes.Add(lane = []);
            lane.Add(clip);
        }
        return lanes.Where(l => l.Count > 0).Select(l => new AudioTrack { Clips = l }).ToList();
    }

    /// <summary>A fade from or to a gap, else the overlap of a crossfade (audio), never longer than the clip.</summary>
    private int Fade(OtioTime? toGap, int overlap, Span span) =>
        Math.Min(toGap is { } length ? (int)length.ToFrames(rate, out _) : overlap, span.Duration);

    /// <summary>A track's length in output frames, rounded to the nearest.</summary>
    public int Length(OtioTime length) => (int)length.ToFrames(rate, out _);

    private List<Span> Spans(IReadOnlyList<OtioPlacedClip> placed)
    {
        var spans = new List<Span>();
        foreach (var clip in placed)
        {
            var start = Frame(clip.Start - clip.LeadIn, clip, "its start");
            var end = Frame(clip.Start + clip.Duration + clip.TailOut, clip, "its end");
            var sourceIn = Frame(clip.SourceStart - clip.LeadIn, clip, "its source start");
            if (start < 0)
            {
                findings.Refuse(clip.Clip.Label, $"the transition into it starts {-start} frame(s) before the track does: its in_offset is longer than what comes before it");
                continue;
            }
            if (sourceIn < 0)
            {
                findings.Refuse(clip.Clip.Label, $"the transition into it needs {-sourceIn} frame(s) of its media before its source range, which starts at the media's start");
                continue;
            }
            if (end <= start)
                continue;
            spans.Add(new Span(clip, start, end, sourceIn));
        }
        return spans;
    }

    private int Frame(OtioTime time, OtioPlacedClip clip, string what)
    {
        var frames = time.ToFrames(rate, out var exact);
        if (!exact)
            findings.Fallback(clip.Clip.Label, $"{what} ({time.Seconds:0.######} s) falls between output frames at {rate} fps: rounded to frame {frames}");
        return (int)frames;
    }
}
