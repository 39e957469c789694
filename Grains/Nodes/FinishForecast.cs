namespace RenderFarm.Nodes;

/// <summary>When a running render is expected to finish, from its progress rate so far (frames done over the time taken).</summary>
public static class FinishForecast
{
    /// <returns>Null while it has finished no frame: there is no rate to go by.</returns>
    public static DateTimeOffset? ExpectedEnd(int framesDone, int frames, TimeSpan elapsed, DateTimeOffset now)
    {
        if (framesDone <= 0 || elapsed <= TimeSpan.Zero)
            return null;
        var remaining = Math.Max(0, frames - framesDone);
        return now + elapsed * ((double)remaining / framesDone);
    }

    /// <summary>Whether it is expected to finish by <paramref name="deadline"/>; one with no rate yet is not.</summary>
    public static bool FinishesBy(int framesDone, int frames, TimeSpan elapsed, DateTimeOffset now, DateTimeOffset deadline) =>
        ExpectedEnd(framesDone, frames, elapsed, now) is { } end && end <= deadline;
}
