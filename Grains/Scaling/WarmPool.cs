namespace RenderFarm.Scaling;

/// <summary>How many idle nodes the warm pool keeps ready at a moment: the most of the windows open then, 0 outside them all.</summary>
public static class WarmPool
{
    public static int NodesAt(IReadOnlyList<WarmPoolWindow> windows, DateTimeOffset now) =>
        windows.Where(w => IsOpen(w, now)).Select(w => w.Nodes).DefaultIfEmpty(0).Max();

    public static bool IsOpen(WarmPoolWindow window, DateTimeOffset now)
    {
        var zone = window.TimeZone is { Length: > 0 } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Utc;
        var time = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        if (window.From == window.To)
            return true;
        return window.From < window.To
            ? time >= window.From && time < window.To
            : time >= window.From || time < window.To;
    }
}
