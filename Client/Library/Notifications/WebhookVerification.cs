namespace RenderFarm.Client.Notifications;

/// <summary>The verdict on a webhook delivery: valid, or the reason it is not; and when it says it was signed.</summary>
public sealed record WebhookVerification(WebhookSignatureFailure Failure, string Reason, DateTimeOffset? SignedAt)
{
    public bool Valid => Failure == WebhookSignatureFailure.None;

    public override string ToString() => Valid ? "valid" : $"{Failure}: {Reason}";
}
