using System.Globalization;
using RenderFarm.Chunks;
using RenderFarm.Jobs;

namespace RenderFarm.Dashboard.Pages.Shared;

/// <summary>How figures read on the pages: money to the cent, durations in words, states as the names of their colours.</summary>
public static class Show
{
    public static string Money(decimal amount, string currency) => string.Create(CultureInfo.InvariantCulture, $"{amount:0.00} {currency}");

    public static string Share(double? share) => share is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 100:0}%") : "–";

    public static string Percent(int done, int total) => total > 0 ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * done / total:0}%") : "–";

    public static double Width(int done, int total) => total > 0 ? Math.Round(100.0 * Math.Clamp(done, 0, total) / total, 1) : 0;

    public static string Duration(TimeSpan? span) => span switch
    {
        null => "–",
        { TotalSeconds: < 60 } s => $"{s.TotalSeconds:0} s",
        { TotalMinutes: < 60 } m => $"{(int)m.TotalMinutes} min {m.Seconds} s",
        { } h => $"{(int)h.TotalHours} h {h.Minutes} min",
    };

    public static string Time(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "–";

    /// <summary>A state's class: its colour on the pages (and its name beside it, never the colour alone).</summary>
    public static string StateClass(JobState state) => "state-" + state.ToString().ToLowerInvariant();

    public static string StateClass(ChunkState state) => "piece-" + state.ToString().ToLowerInvariant();

    public static string Words(JobState state) => state switch
    {
        JobState.PauseRequested => "pausing",
        JobState.CancelRequested => "cancelling",
        JobState.HoldingAtCap => "holding at cap",
        JobState.HeldAtCap => "held at cap",
        _ => state.ToString().ToLowerInvariant(),
    };
}
