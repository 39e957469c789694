namespace RenderFarm.Notifications;

/// <summary>Sends one try of a delivery to its target. Never throws for the target's failure: the outcome says it.</summary>
public interface INotificationSender
{
    Task<DeliveryOutcome> SendAsync(NotificationTarget target, JobNotice notice, string deliveryId, int attempt, CancellationToken cancellationToken);
}
