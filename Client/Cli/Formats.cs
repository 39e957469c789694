using System.Globalization;

namespace RenderFarm.Cli;

/// <summary>How times and durations are shown.</summary>
internal static class Formats
{
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "-",
        { TotalMinutes: < 1 } d => d.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture),
        { TotalHours: < 1 } d => d.ToString(@"m\:ss", CultureInfo.InvariantCulture),
        { } d => d.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
    };

    public static string Time(DateTimeOffset? time) =>
        time?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>An amount to the cent, with its currency.</summary>
    public static string Money(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(amount, 2, MidpointRounding.AwayFromZero):0.00} {currency}");

    public static string Ago(DateTimeOffset time) => $"{Duration(DateTimeOffset.UtcNow - time)} ago";
}
