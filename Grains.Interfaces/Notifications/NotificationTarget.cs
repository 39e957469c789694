namespace RenderFarm.Notifications;

/// <summary>
/// Where a notification goes: a webhook (an HTTPS or HTTP address and the secret its deliveries are signed
/// with) or an e-mail address, for the events listed (none listed: all of them). Its text never shows the secret.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.NotificationTarget")]
public sealed record NotificationTarget
{
    [Id(0)] public Uri? Webhook { get; init; }
    /// <summary>The secret a webhook's receiver shares with the farm; the signature is an HMAC-SHA256 keyed with it.</summary>
    [Id(1)] public string? Secret { get; init; }
    [Id(2)] public string? Email { get; init; }
    /// <summary>The events sent to this target; empty for every event.</summary>
    [Id(3)] public IReadOnlyList<NotificationEvent> Events { get; init; } = [];

    public static NotificationTarget ForWebhook(Uri webhook, string secret, params NotificationEvent[] events) =>
        new() { Webhook = webhook, Secret = secret, Events = events };

    public static NotificationTarget ForEmail(string address, params NotificationEvent[] events) =>
        new() { Email = address, Events = events };

    public bool Wants(NotificationEvent e) => Events.Count == 0 || Events.Contains(e);

    /// <summary>The target without its secret (nor a webhook's query string): <c>webhook https://host/path</c>, <c>email a@b</c>.</summary>
    public string Describe() => Webhook is { } uri
        ? $"webhook {(uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Path) : uri.OriginalString)}"
        : $"email {Email}";

    public override string ToString() => Describe();
}
