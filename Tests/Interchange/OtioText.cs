namespace RenderFarm.Tests.Interchange;

/// <summary>Pieces of hand-written OpenTimelineIO JSON, so that each test's file reads as the shape it tests.</summary>
internal static class OtioText
{
    public static string Time(double value, double rate) =>
        $$$"""{"OTIO_SCHEMA": "RationalTime.1", "value": {{{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}, "rate": {{{rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}}""";

    public static string Range(double start, double duration, double rate) =>
        $$$"""{"OTIO_SCHEMA": "TimeRange.1", "start_time": {{{Time(start, rate)}}}, "duration": {{{Time(duration, rate)}}}}""";

    public static string External(string url, string? available = null) =>
        $$$"""{"OTIO_SCHEMA": "ExternalReference.1", "target_url": "{{{url}}}", "available_range": {{{available ?? "null"}}}, "metadata": {}}""";

    public static string Clip(string name, string reference, double start, double duration, double rate, string extra = "") =>
        $$$"""{"OTIO_SCHEMA": "Clip.1", "name": "{{{name}}}", "source_range": {{{Range(start, duration, rate)}}}, "media_reference": {{{reference}}}, "effects": [], "markers": [], "metadata": {}{{{extra}}}}""";

    public static string Gap(double duration, double rate) =>
        $$$"""{"OTIO_SCHEMA": "Gap.1", "name": "", "source_range": {{{Range(0, duration, rate)}}}, "effects": [], "markers": []}""";

    public static string Dissolve(double inOffset, double outOffset, double rate, string type = "SMPTE_Dissolve") =>
        $$$"""{"OTIO_SCHEMA": "Transition.1", "name": "", "transition_type": "{{{type}}}", "in_offset": {{{Time(inOffset, rate)}}}, "out_offset": {{{Time(outOffset, rate)}}}, "metadata": {}}""";

    public static string Track(string kind, params string[] children) =>
        $$$"""{"OTIO_SCHEMA": "Track.1", "name": "{{{kind}}} 1", "kind": "{{{kind}}}", "source_range": null, "children": [{{{string.Join(", ", children)}}}], "effects": [], "markers": [], "metadata": {}}""";

    public static string Timeline(string name, string tracks, string metadata = "{}", string globalStart = "null") =>
        $$$"""
        {
            "OTIO_SCHEMA": "Timeline.1",
            "name": "{{{name}}}",
            "global_start_time": {{{globalStart}}},
            "metadata": {{{metadata}}},
            "tracks": {"OTIO_SCHEMA": "Stack.1", "name": "tracks", "children": [{{{tracks}}}], "effects": [], "markers": [], "source_range": null, "metadata": {}}
        }
        """;
}
