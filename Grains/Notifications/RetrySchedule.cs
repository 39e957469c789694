namespace RenderFarm.Notifications;

/// <summary>When a failed delivery is tried again: the first wait, then doubling, never more than the longest.</summary>
public static class RetrySchedule
{
    /// <summary>The wait after failed try number <paramref name="attempt"/> (1 for the first try).</summary>
    public static TimeSpan DelayAfter(int attempt, TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        // Doubling past 2^20 of any sensible first wait is far beyond any sensible longest one.
        var factor = Math.Pow(2, Math.Min(attempt - 1, 20));
        var delay = first.TotalMilliseconds * factor;
        return delay >= max.TotalMilliseconds ? max : TimeSpan.FromMilliseconds(delay);
    }
}
