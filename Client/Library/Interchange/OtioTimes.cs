using RenderFarm.Timelines;

namespace RenderFarm.Interchange;

/// <summary>Reads <c>RationalTime.1</c> and <c>TimeRange.1</c> into exact times, refusing rates a timeline cannot hold.</summary>
internal sealed class OtioTimes(OtioFindings findings)
{
    /// <summary>A <c>RationalTime</c> under <paramref name="property"/>; null (and a refusal) when it is missing or unreadable.</summary>
    public (OtioTime Time, Rational Rate)? Time(OtioObject owner, string property)
    {
        if (owner.Child(property) is not { } time)
        {
            findings.Refuse($"{owner.Path}.{property}", "a RationalTime is required here");
            return null;
        }
        if (time.Schema.Name != "RationalTime" || time.Number("value") is not { } value || time.Number("rate") is not { } rate)
        {
            findings.Refuse(time.Path, "must be a RationalTime.1 with a numeric value and rate");
            return null;
        }
        if (!OtioRate.TryExact(rate, out var exact))
        {
            findings.Refuse($"{time.Path}.rate", $"{rate} is not a whole rate or an NTSC rate (N×1000/1001) between 1 and 1,000,000");
            return null;
        }
        return (OtioTime.At(value, exact), exact);
    }

    /// <summary>A <c>TimeRange</c> under <paramref name="property"/>, null when absent (OTIO's null); a present but broken one is refused.</summary>
    public (OtioTime Start, OtioTime Duration, Rational Rate)? Range(OtioObject owner, string property, bool required)
    {
        if (owner.Child(property) is not { } range)
        {
            if (required)
                findings.Refuse($"{owner.Path}.{property}", "a TimeRange is required here");
            return null;
        }
        if (range.Schema.Name != "TimeRange")
        {
            findings.Refuse(range.Path, "must be a TimeRange.1");
            return null;
        }
        var start = Time(range, "start_time");
        var duration = Time(range, "duration");
        if (start is null || duration is null)
            return null;
        if (duration.Value.Time.IsNegative)
        {
            findings.Refuse($"{range.Path}.duration", "must not be negative");
            return null;
        }
        return (start.Value.Time, duration.Value.Time, duration.Value.Rate);
    }
}
