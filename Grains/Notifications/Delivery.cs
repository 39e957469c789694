namespace RenderFarm.Notifications;

/// <summary>A delivery as its job's notifications store it: its record in the log, and what each try needs (the target with its secret, the facts).</summary>
[GenerateSerializer, Alias("RenderFarm.Notifications.Delivery")]
public sealed class Delivery
{
    [Id(0)] public DeliveryRecord Record { get; set; } = null!;
    [Id(1)] public NotificationTarget Target { get; set; } = null!;
    [Id(2)] public JobNotice Notice { get; set; } = null!;

    public bool IsDue(DateTimeOffset now) => Record.State == DeliveryState.Pending && Record.NextTryAt <= now;

    /// <summary>The record after one more try: delivered, given up after <paramref name="maxAttempts"/> tries, or due again after the backoff.</summary>
    public DeliveryRecord After(DeliveryTry attempt, int maxAttempts, TimeSpan firstDelay, TimeSpan maxDelay)
    {
        var tries = Record.Tries.Append(attempt).ToList();
        if (attempt.Succeeded)
            return Record with { State = DeliveryState.Delivered, Tries = tries, NextTryAt = null };
        if (tries.Count >= maxAttempts)
            return Record with { State = DeliveryState.GaveUp, Tries = tries, NextTryAt = null };
        return Record with { Tries = tries, NextTryAt = attempt.At + RetrySchedule.DelayAfter(tries.Count, firstDelay, maxDelay) };
    }
}
