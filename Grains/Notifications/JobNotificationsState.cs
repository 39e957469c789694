namespace RenderFarm.Notifications;

/// <summary>What a job's notifications store: every delivery, oldest first.</summary>
[GenerateSerializer, Alias("RenderFarm.JobNotificationsState")]
public sealed class JobNotificationsState
{
    [Id(0)] public List<Delivery> Deliveries { get; set; } = [];
}
