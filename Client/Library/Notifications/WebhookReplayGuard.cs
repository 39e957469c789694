namespace RenderFarm.Client.Notifications;

/// <summary>
/// Remembers the delivery ids a receiver has handled, for twice the signature tolerance (an older
/// delivery fails <see cref="WebhookSignature.Verify"/> anyway): the same id again is a replay or a retry
/// of something already handled, to be answered 2xx without acting on it again. In memory: a receiver
/// with several instances keeps the ids in its shared store instead.
/// </summary>
public sealed class WebhookReplayGuard(TimeSpan? tolerance = null)
{
    private readonly TimeSpan keep = 2 * (tolerance ?? WebhookSignature.DefaultTolerance);
    private readonly Dictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>True the first time <paramref name="deliveryId"/> is handed in; false for one already handled.</summary>
    public bool FirstTime(string deliveryId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        lock (gate)
        {
            foreach (var old in seen.Where(s => now - s.Value > keep).Select(s => s.Key).ToList())
                seen.Remove(old);
            return seen.TryAdd(deliveryId, now);
        }
    }
}
