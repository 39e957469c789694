namespace RenderFarm.Notifications;

/// <summary>
/// One notification of a job to one target, in the job's delivery log: the same <see cref="DeliveryId"/>
/// on every try (a webhook's receiver drops one it has seen), each try with its outcome.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.DeliveryRecord")]
public sealed record DeliveryRecord(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] NotificationEvent Event,
    /// <summary>The target without its secret (<see cref="NotificationTarget.Describe"/>).</summary>
    [property: Id(2)] string Target,
    [property: Id(3)] DeliveryState State,
    [property: Id(4)] IReadOnlyList<DeliveryTry> Tries,
    /// <summary>When the next try is due; null once delivered or given up.</summary>
    [property: Id(5)] DateTimeOffset? NextTryAt,
    [property: Id(6)] DateTimeOffset CreatedAt)
{
    public int Attempts => Tries.Count;
}
