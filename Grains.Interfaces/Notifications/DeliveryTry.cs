namespace RenderFarm.Notifications;

/// <summary>One try at a delivery: when, whether it was taken, and what the receiver or the mail server answered.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.DeliveryTry")]
public sealed record DeliveryTry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] bool Succeeded,
    /// <summary>"HTTP 200", "HTTP 500", "timed out after 10 s", an SMTP error.</summary>
    [property: Id(2)] string Outcome);
