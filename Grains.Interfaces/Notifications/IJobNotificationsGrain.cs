namespace RenderFarm.Notifications;

/// <summary>A job's notifications: it sends each event to the job's and its submitter's targets, tries again, and keeps the delivery log.</summary>
[Alias("RenderFarm.IJobNotificationsGrain")]
public interface IJobNotificationsGrain : IGrainWithGuidKey
{
    /// <summary>Records a delivery per target and sends them. One-way: a job never waits on a receiver.</summary>
    [Alias("Notify"), OneWay] Task NotifyAsync(JobNotice notice);

    /// <summary>The delivery log, oldest first. Interleaved: it only reads, and a slow receiver must not hold it up.</summary>
    [Alias("GetDeliveries"), AlwaysInterleave] Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync();
}
