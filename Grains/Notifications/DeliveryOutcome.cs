namespace RenderFarm.Notifications;

/// <summary>What one try at a delivery came to: taken or not, and the answer in words ("HTTP 500", an SMTP error).</summary>
public sealed record DeliveryOutcome(bool Succeeded, string Text)
{
    public static DeliveryOutcome Taken(string text) => new(true, text);

    public static DeliveryOutcome NotTaken(string text) => new(false, text);
}
