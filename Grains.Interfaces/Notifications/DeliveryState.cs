namespace RenderFarm.Notifications;

/// <summary>Where a notification's delivery to one target stands. Values are stored.</summary>
[GenerateSerializer, Alias("RenderFarm.DeliveryState")]
public enum DeliveryState
{
    /// <summary>Not delivered yet: a try is due at <see cref="DeliveryRecord.NextTryAt"/>.</summary>
    Pending = 0,
    Delivered = 1,
    /// <summary>Every try allowed failed.</summary>
    GaveUp = 2,
}
