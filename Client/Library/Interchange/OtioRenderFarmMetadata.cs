using System.Text.Json;
using RenderFarm.Timelines;

namespace RenderFarm.Interchange;

/// <summary>
/// Output settings an OTIO file may carry for this farm, under the timeline's
/// <c>metadata.renderfarm</c>: <c>width</c>, <c>height</c>, <c>frameRate</c> (25 or "30000/1001") and
/// <c>preset</c> ("draft", "standard", "high", "master"). Options given to the import win over them.
/// </summary>
internal sealed record OtioRenderFarmMetadata(int? Width, int? Height, Rational? FrameRate, QualityPreset? Preset)
{
    public static OtioRenderFarmMetadata Read(OtioObject timeline, OtioFindings findings)
    {
        if (timeline.Child("metadata")?.Child("renderfarm") is not { } settings)
            return new OtioRenderFarmMetadata(null, null, null, null);
        return new OtioRenderFarmMetadata(
            Whole(settings, "width", findings),
            Whole(settings, "height", findings),
            RateOf(settings, findings),
            PresetOf(settings, findings));
    }

    private static int? Whole(OtioObject settings, string property, OtioFindings findings)
    {
        if (!settings.Json.TryGetProperty(property, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var whole) && whole > 0)
            return whole;
        findings.Refuse($"{settings.Path}.{property}", "must be a positive whole number of pixels");
        return null;
    }

    private static Rational? RateOf(OtioObject settings, OtioFindings findings)
    {
        if (!settings.Json.TryGetProperty("frameRate", out var value))
            return null;
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        if (Rational.TryParse(text, out var rate) && rate.Numerator > 0 && rate.Denominator > 0)
            return rate;
        findings.Refuse($"{settings.Path}.frameRate", "must be a whole rate (25) or an exact fraction (\"30000/1001\")");
        return null;
    }

    private static QualityPreset? PresetOf(OtioObject settings, OtioFindings findings)
    {
        if (settings.String("preset") is not { } text)
            return settings.Json.TryGetProperty("preset", out _) ? Refused() : null;
        if (Enum.TryParse<QualityPreset>(text, ignoreCase: true, out var preset) && Enum.IsDefined(preset) && !int.TryParse(text, out _))
            return preset;
        return Refused();

        QualityPreset? Refused()
        {
            findings.Refuse($"{settings.Path}.preset", $"must be one of {string.Join(", ", Enum.GetNames<QualityPreset>().Select(n => $"\"{char.ToLowerInvariant(n[0])}{n[1..]}\""))}");
            return null;
        }
    }
}
