using System.Text.Json;
using System.Text.Json.Serialization;

namespace RenderFarm.Notifications;

/// <summary>The JSON a webhook receives (docs/notifications.md lists its fields): one per try, the delivery id the same on each.</summary>
public sealed record NotificationBody(
    string DeliveryId,
    NotificationEvent Event,
    int Attempt,
    DateTimeOffset Timestamp,
    Guid JobId,
    string Name,
    string State,
    string Submitter,
    string Project,
    string? OutputPath,
    string? Error,
    decimal CostSoFar,
    string Currency,
    DateTimeOffset? Deadline,
    DateTimeOffset? ExpectedEnd,
    DateTimeOffset OccurredAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static NotificationBody Of(JobNotice notice, string deliveryId, int attempt, DateTimeOffset now) =>
        new(deliveryId, notice.Event, attempt, now, notice.JobId, notice.Name, notice.State, notice.Submitter, notice.Project,
            notice.OutputPath, notice.Error, notice.CostSoFar, notice.Currency, notice.Deadline, notice.ExpectedEnd, notice.OccurredAt);

    /// <summary>The event as the body and the <c>RenderFarm-Event</c> header name it: <c>completed</c>, <c>heldAtCap</c>.</summary>
    public static string EventName(NotificationEvent e) => JsonNamingPolicy.CamelCase.ConvertName(e.ToString());

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static NotificationBody? Parse(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<NotificationBody>(utf8, Json);
}
