namespace RenderFarm.Notifications;

/// <summary>Sends a try to a webhook or by e-mail, whichever its target is, within the try's time limit.</summary>
public sealed class NotificationSender(WebhookSender webhooks, EmailSender email, Microsoft.Extensions.Options.IOptions<NotificationOptions> options) : INotificationSender
{
    private readonly TimeSpan timeout = options.Value.Timeout;

    public async Task<DeliveryOutcome> SendAsync(NotificationTarget target, JobNotice notice, string deliveryId, int attempt, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return target.Webhook is not null
                ? await webhooks.SendAsync(target, notice, deliveryId, attempt, limit.Token)
                : await email.SendAsync(target, notice, deliveryId, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.NotTaken($"no answer within {timeout.TotalSeconds:0.#} s");
        }
    }
}
